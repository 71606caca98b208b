// relmap's filters and shortest path, for a page holding the facts as data.
// The same answer as `relmap path A B` with the same filters: the
// bidirectional breadth-first search of src/query/search.cc (the smaller
// frontier expanded a whole level at a time, hops in stored order, the
// first meeting kept) and its choice of relation per step (the first in
// fact order), under the tests of src/query/filter.cc.
"use strict";

const RelmapPath = (function () {
  const DAWN = 0, DOOM = 99991231;

  // Out and in relations of each actor, in fact order, as the snapshot keeps them.
  function graph(data) {
    const out = data.nodes.map(() => []), inn = data.nodes.map(() => []);
    data.edges.forEach((e, i) => { out[e.from].push(i); inn[e.to].push(i); });
    return { data, out, inn };
  }

  // filter: { relations: Set of relation type indexes left out, nodeTypes: Set
  // of actor type indexes left out, statedOnly, asOf: [first, last] days or
  // null, reportedBy: a day or null }. Days are YYYYMMDD numbers.
  function validSpan(g, r) {
    if (r.start !== DAWN || r.end !== DOOM) return [r.start, r.end];
    let first = DAWN, last = DOOM, dated = false;
    for (const v of [r.from, r.to]) {
      const n = g.data.nodes[v];
      if (n.start === DAWN && n.end === DOOM) continue;
      dated = true;
      first = Math.max(first, n.start);
      last = Math.min(last, n.end);
    }
    if (!dated && r.reported !== DOOM) first = r.reported;
    return [first, last];
  }

  function edgeOk(g, f, e) {
    const r = g.data.edges[e];
    if (f.relations && f.relations.has(r.type)) return false;
    if (f.statedOnly && r.basis !== 0) return false;
    if (f.asOf) {
      const span = validSpan(g, r);
      if (span[0] > f.asOf[1] || span[1] < f.asOf[0]) return false;
    }
    if (f.reportedBy != null && r.reported > f.reportedBy) return false;
    return true;
  }

  function vertexOk(g, f, v) {
    const n = g.data.nodes[v];
    if (f.nodeTypes && f.nodeTypes.has(n.type)) return false;
    if (f.asOf && (n.start > f.asOf[1] || n.end < f.asOf[0])) return false;
    return true;
  }

  // Each hop leaving v (walk v→other), or with `reverse` arriving at v: f(edge, forward, other).
  function eachHop(g, v, reverse, f) {
    for (const e of g.out[v]) f(e, !reverse, g.data.edges[e].to);
    for (const e of g.inn[v]) f(e, reverse, g.data.edges[e].from);
  }

  // The first usable relation for the step u→w, as { edge, forward }.
  function bestHop(g, f, u, w) {
    let best = null;
    eachHop(g, u, false, (e, forward, other) => {
      if (other !== w || !edgeOk(g, f, e)) return;
      if (best === null || e < best.edge) best = { edge: e, forward };
    });
    return best;
  }

  // The shortest path from s to t: { vertices, hops: [{ edge, forward }] }, or null.
  function shortest(g, f, s, t) {
    if (s === t) return { vertices: [s], hops: [] };
    const n = g.data.nodes.length;
    const side = () => ({ seen: new Uint8Array(n), dist: new Int32Array(n), parent: new Array(n) });
    const F = side(), B = side();
    F.seen[s] = 1;
    B.seen[t] = 1;
    let frontF = [s], frontB = [t], meets = [], best = Infinity;
    const admits = (v) => v === s || v === t || vertexOk(g, f, v);
    while (frontF.length && frontB.length && !meets.length) {
      const forward = frontF.length <= frontB.length;
      const me = forward ? F : B, other = forward ? B : F;
      const next = [];
      for (const u of forward ? frontF : frontB) {
        eachHop(g, u, !forward, (e, fwd, w) => {
          if (me.seen[w] || !edgeOk(g, f, e) || !admits(w)) return;
          me.seen[w] = 1;
          me.dist[w] = me.dist[u] + 1;
          me.parent[w] = { prev: u, edge: e, forward: fwd };
          next.push(w);
          if (!other.seen[w]) return;
          const total = me.dist[w] + other.dist[w];
          if (total < best) meets = [];
          if (total <= best) { best = total; meets.push(w); }
        });
      }
      if (forward) frontF = next; else frontB = next;
    }
    if (!meets.length) return null;
    const vertices = [];
    for (let v = meets[0]; v !== s; v = F.parent[v].prev) vertices.push(v);
    vertices.push(s);
    vertices.reverse();
    for (let v = meets[0]; v !== t; v = B.parent[v].prev) vertices.push(B.parent[v].prev);
    const hops = [];
    for (let i = 0; i + 1 < vertices.length; ++i) {
      const hop = bestHop(g, f, vertices[i], vertices[i + 1]);
      if (!hop) return null;
      hops.push(hop);
    }
    return { vertices, hops };
  }

  return { graph, edgeOk, vertexOk, validSpan, shortest, DAWN, DOOM };
})();
