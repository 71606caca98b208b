// The interactive edition's page: search, an actor's or a line's evidence
// in the panel, the path between two actors, filters and a date slider, the
// timeline, and the view kept in the URL's fragment. Every text from the
// data goes in as text (textContent, value), never as markup.
(function () {
  const data = JSON.parse(document.getElementById("relmap-data").textContent);
  const g = RelmapPath.graph(data);
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  root.classList.add("js");
  const params = new URLSearchParams(location.search);
  if (params.has("embed")) root.classList.add("embed");

  // Elements of the page made from data: text only.
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
    } catch (e) {
      return "";
    }
  }
  const dayText = (d) => String(d).replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");

  // Actors and lines of the map, by the ids relmap gave their elements.
  const bySlug = new Map();
  data.nodes.forEach((n, v) => { if (!n.source) bySlug.set(n.slug, v); });
  const byId = new Map(data.nodes.map((n, v) => [n.id, v]));
  const nodeEls = new Map(), lineEls = new Map();
  for (const e of document.querySelectorAll("#map g.node")) {
    const id = e.id, at = id.indexOf("--n-");
    const v = at < 0 ? undefined : bySlug.get(id.slice(at + 4));
    if (v === undefined) continue;
    if (!nodeEls.has(v)) nodeEls.set(v, []);
    nodeEls.get(v).push(e);
    e.setAttribute("tabindex", "0");
    e.setAttribute("role", "button");
    e.dataset.actor = String(v);
  }
  for (const e of document.querySelectorAll("#map g.edge")) {
    const at = e.id.lastIndexOf("--r");
    if (at < 0) continue;
    const k = Number(e.id.slice(at + 3));
    if (!lineEls.has(k)) lineEls.set(k, []);
    lineEls.get(k).push(e);
    e.dataset.line = String(k);
  }
  // A line stands for the relations of its type between its two actors
  // (either way round for a symmetric type), as relmap draws them.
  const groupKey = (i) => {
    const r = data.edges[i], sym = data.relationTypes[r.type].symmetric;
    const a = sym ? Math.min(r.from, r.to) : r.from, b = sym ? Math.max(r.from, r.to) : r.to;
    return r.type + " " + a + " " + b;
  };
  const groups = new Map();
  data.edges.forEach((r, i) => {
    const key = groupKey(i);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  });
  const lineOf = data.edges.map((r, i) => groups.get(groupKey(i)).find((k) => lineEls.has(k)));

  // The view: what is chosen, the filters, the tab. Kept in the fragment.
  const state = { actor: null, relation: null, path: null, relations: new Set(), nodeTypes: new Set(),
                  statedOnly: false, date: null, dateMode: "valid", tab: "map", embed: false };

  function filter() {
    const f = { relations: state.relations, nodeTypes: state.nodeTypes, statedOnly: state.statedOnly,
                asOf: null, reportedBy: null };
    if (state.date != null) {
      if (state.dateMode === "reported") f.reportedBy = state.date;
      else f.asOf = [state.date, state.date];
    }
    return f;
  }

  function writeFragment() {
    const p = new URLSearchParams();
    if (state.actor != null) p.set("actor", data.nodes[state.actor].id);
    if (state.relation != null) p.set("relation", String(state.relation));
    if (state.path) p.set("path", data.nodes[state.path[0]].id + "," + data.nodes[state.path[1]].id);
    if (state.relations.size) p.set("hide-relations", [...state.relations].map((t) => data.relationTypes[t].name).join(","));
    if (state.nodeTypes.size) p.set("hide-types", [...state.nodeTypes].map((t) => data.nodeTypes[t].name).join(","));
    if (state.statedOnly) p.set("stated", "1");
    if (state.date != null) p.set(state.dateMode === "reported" ? "reported-by" : "as-of", dayText(state.date));
    if (state.tab !== "map") p.set("view", state.tab);
    if (state.embed) p.set("embed", "");
    const text = p.toString().replace(/=(&|$)/g, "$1");
    if (decodeURIComponent(location.hash.slice(1)) !== decodeURIComponent(text))
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  }

  function readFragment() {
    const p = new URLSearchParams(location.hash.slice(1));
    const typeSet = (value, list) =>
      new Set((value || "").split(",").map((n) => list.findIndex((t) => t.name === n)).filter((i) => i >= 0));
    state.actor = byId.has(p.get("actor")) ? byId.get(p.get("actor")) : null;
    const rel = Number(p.get("relation"));
    state.relation = p.has("relation") && rel >= 0 && rel < data.edges.length ? rel : null;
    const ends = (p.get("path") || "").split(",");
    state.path = ends.length === 2 && byId.has(ends[0]) && byId.has(ends[1]) ? [byId.get(ends[0]), byId.get(ends[1])] : null;
    state.relations = typeSet(p.get("hide-relations"), data.relationTypes);
    state.nodeTypes = typeSet(p.get("hide-types"), data.nodeTypes);
    state.statedOnly = p.get("stated") === "1";
    const day = (p.get("as-of") || p.get("reported-by") || "").replace(/-/g, "");
    state.date = /^\d{8}$/.test(day) ? Number(day) : null;
    state.dateMode = p.has("reported-by") ? "reported" : "valid";
    state.tab = p.get("view") === "timeline" ? "timeline" : "map";
    state.embed = p.has("embed") || params.has("embed");
    root.classList.toggle("embed", state.embed);
  }

  // --- The panel ---------------------------------------------------------
  const panel = $("panel");
  function clearPanel() {
    panel.replaceChildren();
    return panel;
  }
  function sourceBlock(s) {
    const n = data.nodes[s], box = el("p", null, "source");
    box.append(el("span", n.title || n.name, "title"));
    const meta = [n.publisher, n.date].filter(Boolean).join(", ");
    if (meta) box.append(el("span", " \u2014 " + meta, "meta"));
    const url = safeUrl(n.url);
    if (url) {
      const a = el("a", "Read the article");
      a.href = url;
      a.rel = "noopener noreferrer";
      box.append(" ", a);
    }
    return box;
  }
  function relationItem(i, from) {
    const r = data.edges[i], li = el("li", null, "relation");
    li.dataset.relation = String(i);
    const other = r.from === from ? r.to : r.from;
    const head = el("p", null, "head");
    const label = data.relationTypes[r.type].label;
    head.append(el("span", data.nodes[r.from].name, "end"), " ", el("strong", label), " ",
                el("span", data.nodes[r.to].name, "end"));
    li.append(head);
    if (from != null) {
      const go = el("button", "Go to " + data.nodes[other].name, "go");
      go.type = "button";
      go.addEventListener("click", () => choose({ actor: other }));
      li.append(go);
    }
    li.append(el("p", r.basis === 0 ? "Stated" : "Implied", "basis " + (r.basis === 0 ? "stated" : "implied")));
    li.append(el("blockquote", "\u201C" + r.quote + "\u201D", "quote"));
    li.append(sourceBlock(r.source));
    return li;
  }
  function relationsOf(v) {
    const list = g.out[v].concat(g.inn[v]).filter((i) => !data.nodes[data.edges[i].from].source &&
                                                        !data.nodes[data.edges[i].to].source);
    return [...new Set(list)].sort((a, b) => a - b);
  }
  function showActor(v) {
    const n = data.nodes[v], p = clearPanel();
    p.append(el("h2", n.name));
    p.append(el("p", data.nodeTypes[n.type].label + (n.aliases.length ? " \u00B7 also " + n.aliases.join("; ") : ""), "meta"));
    const f = filter(), rels = relationsOf(v).filter((i) => RelmapPath.edgeOk(g, f, i));
    p.append(el("h3", rels.length + (rels.length === 1 ? " relation" : " relations")));
    const ul = el("ul", null, "relations");
    rels.forEach((i) => ul.append(relationItem(i, v)));
    p.append(ul);
  }
  function showRelation(i) {
    const p = clearPanel(), ul = el("ul", null, "relations");
    const members = lineOf[i] != null ? groups.get(groupKey(i)) : [i];
    p.append(el("h2", members.length > 1 ? "A line of " + members.length + " relations" : "A relation"));
    members.forEach((k) => ul.append(relationItem(k, null)));
    p.append(ul);
  }
  function showPath(path) {
    const [s, t] = path, p = clearPanel();
    p.append(el("h2", "From " + data.nodes[s].name + " to " + data.nodes[t].name));
    const found = RelmapPath.shortest(g, filter(), s, t);
    if (!found) {
      p.append(el("p", "No path under the filters in force.", "no-path"));
      return null;
    }
    p.append(el("p", found.hops.length + (found.hops.length === 1 ? " hop" : " hops"), "meta"));
    const ol = el("ol", null, "path");
    found.hops.forEach((hop, k) => {
      const li = relationItem(hop.edge, null);
      li.dataset.from = data.nodes[found.vertices[k]].id;
      li.dataset.to = data.nodes[found.vertices[k + 1]].id;
      li.dataset.direction = hop.forward ? "forward" : "backward";
      ol.append(li);
    });
    p.append(ol);
    return found;
  }

  // --- The map -----------------------------------------------------------
  function paint() {
    const f = filter();
    const vertexShown = (v) => RelmapPath.vertexOk(g, f, v);
    const relationShown = (i) => RelmapPath.edgeOk(g, f, i) && vertexShown(data.edges[i].from) &&
                                 vertexShown(data.edges[i].to);
    let focusNodes = null, focusLines = null;
    if (state.path) {
      const found = RelmapPath.shortest(g, f, state.path[0], state.path[1]);
      focusNodes = new Set(found ? found.vertices : state.path);
      focusLines = new Set(found ? found.hops.map((h) => lineOf[h.edge]) : []);
    } else if (state.actor != null) {
      focusNodes = new Set([state.actor]);
      focusLines = new Set();
      for (const i of relationsOf(state.actor))
        if (relationShown(i)) {
          focusLines.add(lineOf[i]);
          focusNodes.add(data.edges[i].from);
          focusNodes.add(data.edges[i].to);
        }
    } else if (state.relation != null) {
      const r = data.edges[state.relation];
      focusNodes = new Set([r.from, r.to]);
      focusLines = new Set([lineOf[state.relation]]);
    }
    for (const [v, els] of nodeEls) {
      const hidden = !vertexShown(v);
      for (const e of els) {
        e.classList.toggle("filtered", hidden);
        e.classList.toggle("dim", !hidden && focusNodes !== null && !focusNodes.has(v));
        e.classList.toggle("chosen", focusNodes !== null && focusNodes.has(v));
      }
    }
    // Lines the data says nothing of (a summary's) are never filtered out.
    const shownLines = new Set(), knownLines = new Set(lineOf);
    data.edges.forEach((r, i) => { if (relationShown(i)) shownLines.add(lineOf[i]); });
    for (const [k, els] of lineEls) {
      for (const e of els) {
        e.classList.toggle("filtered", knownLines.has(k) && !shownLines.has(k));
        e.classList.toggle("dim", focusLines !== null && !focusLines.has(k));
        e.classList.toggle("chosen", focusLines !== null && focusLines.has(k));
      }
    }
    $("map").dataset.relationsShown = String(data.edges.filter((r, i) => relationShown(i)).length);
    paintTimeline();
  }

  function paintTimeline() {
    const svg = document.querySelector("#timeline svg");
    if (!svg) return;
    let cursor = svg.querySelector("line.cursor");
    for (const m of svg.querySelectorAll("g.mark")) {
      const first = Number(m.dataset.first), rel = m.dataset.relation;
      let hidden = state.date != null && first > state.date;
      if (rel != null && !RelmapPath.edgeOk(g, filter(), Number(rel))) hidden = true;
      m.classList.toggle("filtered", hidden);
    }
    if (state.date == null) {
      if (cursor) cursor.remove();
      return;
    }
    const from = Number(svg.dataset.from), to = Number(svg.dataset.to);
    const left = Number(svg.dataset.left), right = Number(svg.dataset.right);
    const days = (d) => Date.UTC(Math.floor(d / 10000), Math.floor(d / 100) % 100 - 1, d % 100) / 864e5;
    const x = left + Math.min(1, Math.max(0, (days(state.date) - days(from)) / (days(to) - days(from)))) * (right - left);
    if (!cursor) {
      cursor = document.createElementNS("http://www.w3.org/2000/svg", "line");
      cursor.setAttribute("class", "cursor");
      svg.append(cursor);
    }
    cursor.setAttribute("x1", x);
    cursor.setAttribute("x2", x);
    cursor.setAttribute("y1", 40);
    cursor.setAttribute("y2", svg.viewBox.baseVal.height);
  }

  // Scroll the map's own box, not the page, to put the actor in its middle.
  function centre(v) {
    const e = (nodeEls.get(v) || [])[0], box = $("map-view");
    if (!e || state.tab !== "map") return;
    const r = e.getBoundingClientRect(), c = box.getBoundingClientRect();
    box.scrollLeft += r.left + r.width / 2 - (c.left + c.width / 2);
    box.scrollTop += r.top + r.height / 2 - (c.top + c.height / 2);
  }

  // --- Choosing ----------------------------------------------------------
  function render(scroll) {
    if (state.path) showPath(state.path);
    else if (state.actor != null) showActor(state.actor);
    else if (state.relation != null) showRelation(state.relation);
    else clearPanel().append(el("p", "Choose an actor, a line or a mark of the timeline to see its evidence.", "hint"));
    root.classList.toggle("has-choice", state.path !== null || state.actor !== null || state.relation !== null);
    syncControls();
    paint();
    if (scroll && (state.actor != null || state.path)) centre(state.path ? state.path[0] : state.actor);
    writeFragment();
  }
  function choose(what) {
    state.actor = what.actor != null ? what.actor : null;
    state.relation = what.relation != null ? what.relation : null;
    state.path = what.path || null;
    render(true);
  }

  // --- Controls ----------------------------------------------------------
  const shownTypes = (key) => [...new Set(data[key === "nodeTypes" ? "nodes" : "edges"]
    .filter((x) => !x.source).map((x) => x.type))].sort((a, b) => data[key][a].label.localeCompare(data[key][b].label));
  function typeBoxes(container, key, set) {
    for (const t of shownTypes(key)) {
      const label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.type = String(t);
      box.addEventListener("change", () => {
        if (box.checked) set().delete(t); else set().add(t);
        render(false);
      });
      label.append(box, " " + data[key][t].label);
      container.append(label);
    }
  }
  typeBoxes($("relation-types"), "relationTypes", () => state.relations);
  typeBoxes($("node-types"), "nodeTypes", () => state.nodeTypes);

  const days = [];
  for (const n of data.nodes) for (const d of [n.start, n.end]) if (d !== 0 && d !== 99991231) days.push(d);
  for (const r of data.edges) for (const d of [r.start, r.end, r.reported]) if (d !== 0 && d !== 99991231) days.push(d);
  days.sort((a, b) => a - b);
  const dayList = [...new Set(days)];
  const toDay = (ms) => { const d = new Date(ms); return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate(); };
  const toMs = (d) => Date.UTC(Math.floor(d / 10000), Math.floor(d / 100) % 100 - 1, d % 100);
  const slider = $("date");
  if (dayList.length) {
    const first = toMs(dayList[0]) - 31 * 864e5, last = toMs(dayList[dayList.length - 1]) + 31 * 864e5;
    slider.min = String(first / 864e5);
    slider.max = String(last / 864e5);
    slider.step = "1";
  } else {
    $("date-on").disabled = true;
    slider.disabled = true;
  }
  function syncControls() {
    for (const box of document.querySelectorAll("#relation-types input"))
      box.checked = !state.relations.has(Number(box.dataset.type));
    for (const box of document.querySelectorAll("#node-types input"))
      box.checked = !state.nodeTypes.has(Number(box.dataset.type));
    $("stated-only").checked = state.statedOnly;
    $("date-on").checked = state.date != null;
    $("date-mode").value = state.dateMode;
    if (state.date != null) slider.value = String(toMs(state.date) / 864e5);
    $("date-text").textContent = state.date != null ? dayText(state.date) : "any date";
    $("path-from").value = state.path ? data.nodes[state.path[0]].name : $("path-from").value;
    $("path-to").value = state.path ? data.nodes[state.path[1]].name : $("path-to").value;
    for (const tab of ["map", "timeline"]) {
      $("tab-" + tab).setAttribute("aria-selected", String(state.tab === tab));
      $(tab + "-view").classList.toggle("active", state.tab === tab);
    }
  }
  $("stated-only").addEventListener("change", (e) => { state.statedOnly = e.target.checked; render(false); });
  const dateChanged = () => {
    state.date = $("date-on").checked ? toDay(Number(slider.value) * 864e5) : null;
    state.dateMode = $("date-mode").value;
    render(false);
  };
  $("date-on").addEventListener("change", () => {
    if ($("date-on").checked && slider.value === "") slider.value = slider.max;
    dateChanged();
  });
  $("date-mode").addEventListener("change", dateChanged);
  slider.addEventListener("input", () => { $("date-on").checked = true; dateChanged(); });
  for (const tab of ["map", "timeline"])
    $("tab-" + tab).addEventListener("click", () => { state.tab = tab; render(false); });

  // Search: by name, alias or the words of either.
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const actors = data.nodes.map((n, v) => ({ v, n })).filter((a) => !a.n.source);
  function find(text) {
    const words = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.length) return [];
    const exact = [], partial = [];
    for (const a of actors) {
      const names = [a.n.name, a.n.id].concat(a.n.aliases).map(fold);
      if (names.includes(fold(text).trim())) exact.push(a.v);
      else if (names.some((name) => { const ws = name.split(/[^\p{L}\p{N}]+/u); return words.every((w) => ws.some((x) => x.startsWith(w))); }))
        partial.push(a.v);
    }
    return exact.concat(partial);
  }
  const results = $("search-results");
  $("search").addEventListener("input", (e) => {
    results.replaceChildren();
    for (const v of find(e.target.value).slice(0, 12)) {
      const li = el("li"), b = el("button", data.nodes[v].name);
      b.type = "button";
      b.dataset.actor = String(v);
      b.addEventListener("click", () => { results.replaceChildren(); choose({ actor: v }); });
      li.append(b);
      results.append(li);
    }
  });
  $("search").addEventListener("keydown", (e) => {
    const first = results.querySelector("button");
    if (e.key === "Enter" && first) first.click();
    if (e.key === "ArrowDown" && first) { e.preventDefault(); first.focus(); }
  });
  const names = $("actor-names");
  for (const a of actors) { const o = el("option"); o.value = a.n.name; names.append(o); }
  function resolve(text) {
    const found = find(text);
    return found.length ? found[0] : null;
  }
  if (data.summary) {  // the relations are not in the page: relmap serve answers paths
    for (const id of ["path-from", "path-to", "path-go"]) $(id).disabled = true;
    $("path-go").title = "Paths in a corpus this large: relmap serve";
  }
  $("path-go").addEventListener("click", () => {
    const s = resolve($("path-from").value), t = resolve($("path-to").value);
    if (s == null || t == null) {
      clearPanel().append(el("p", "Name two actors: " + (s == null ? "the first" : "the second") + " is not found.", "no-path"));
      return;
    }
    choose({ path: [s, t] });
  });

  // Clicks and keys on the map and the timeline.
  function activate(target) {
    const node = target.closest("g.node"), line = target.closest("g.edge"), mark = target.closest("g.mark");
    if (node && node.dataset.actor) return choose({ actor: Number(node.dataset.actor) }), true;
    if (line && line.dataset.line) return choose({ relation: Number(line.dataset.line) }), true;
    if (mark) {
      if (mark.dataset.relation != null) return choose({ relation: Number(mark.dataset.relation) }), true;
      const v = byId.get(mark.dataset.actor);
      if (v != null && !data.nodes[v].source) return choose({ actor: v }), true;
      if (v != null) {
        const p = clearPanel();
        p.append(el("h2", data.nodes[v].name), sourceBlock(v));
        return true;
      }
    }
    return false;
  }
  for (const id of ["map", "timeline"]) {
    $(id).addEventListener("click", (e) => { if (activate(e.target)) e.preventDefault(); });
    $(id).addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && activate(e.target)) e.preventDefault();
    });
  }
  for (const m of document.querySelectorAll("#timeline g.mark")) m.setAttribute("tabindex", "0");
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") choose({});
  });
  window.addEventListener("hashchange", () => { readFragment(); render(true); });

  readFragment();
  render(true);
})();
