#!/usr/bin/python3
"""Answer one of relmap's questions with a graph library, from relmap's GraphML.

    lib_query.py LIBRARY GRAPHML WEIGHTS QUESTION ARGS...

LIBRARY is networkx, igraph or graph-tool. WEIGHTS is a JSON object of
relation type -> hop cost (the schema's `weight`, default 1). QUESTION is one
of
    path A B          fewest hops between A and B
    weighted A B      least total weight between A and B
    all A B LIMIT     every shortest path (length, and the count up to LIMIT)
    k A B K           the K shortest loop-free paths (their lengths)
    neighbors A D     how many actors lie within D hops of A

Relations are walked in both directions, as relmap walks them; parallel
relations count once, at their lowest weight. Prints one JSON object:
{"load": seconds, "query": seconds, "answer": ...}, where "load" is reading
the GraphML and shaping the graph for the question, "query" the question
alone. Exit code 3 when the library cannot answer this question.
"""

import itertools
import json
import sys
import time


class Unsupported(Exception):
    pass


def networkx_answer(path, weights, question, args):
    import networkx as nx

    t0 = time.perf_counter()
    multi = nx.read_graphml(path)
    g = nx.Graph()
    g.add_nodes_from(multi)
    weighted = question == "weighted"
    for u, v, rel in multi.edges(data="relation"):
        if weighted:
            w = weights.get(rel, 1.0)
            data = g.get_edge_data(u, v)
            if data is None or w < data["weight"]:
                g.add_edge(u, v, weight=w)
        else:
            g.add_edge(u, v)
    del multi
    t1 = time.perf_counter()
    if question == "path":
        answer = len(nx.bidirectional_shortest_path(g, args[0], args[1])) - 1
    elif question == "weighted":
        answer = nx.bidirectional_dijkstra(g, args[0], args[1], weight="weight")[0]
    elif question == "all":
        paths = list(itertools.islice(nx.all_shortest_paths(g, args[0], args[1]), int(args[2])))
        answer = [len(paths[0]) - 1, len(paths)]
    elif question == "k":
        paths = itertools.islice(nx.shortest_simple_paths(g, args[0], args[1]), int(args[2]))
        answer = sorted(len(p) - 1 for p in paths)
    elif question == "neighbors":
        answer = len(nx.single_source_shortest_path_length(g, args[0], cutoff=int(args[1]))) - 1
    else:
        raise Unsupported(question)
    return t1 - t0, time.perf_counter() - t1, answer


def igraph_answer(path, weights, question, args):
    import igraph as ig

    t0 = time.perf_counter()
    g = ig.Graph.Read_GraphML(path)
    if question in ("all", "k"):
        # Paths through parallel relations are one path: collapse them.
        g.to_undirected(mode="collapse")
    w = [weights.get(r, 1.0) for r in g.es["relation"]] if question == "weighted" else None
    t1 = time.perf_counter()
    ids = g.vs["id"]
    a = ids.index(args[0])
    if question == "path":
        answer = len(g.get_shortest_paths(a, to=ids.index(args[1]), mode="all", output="vpath")[0]) - 1
    elif question == "weighted":
        edges = g.get_shortest_paths(a, to=ids.index(args[1]), weights=w, mode="all", output="epath")[0]
        answer = sum(w[e] for e in edges)
    elif question == "all":
        paths = g.get_all_shortest_paths(a, to=ids.index(args[1]), mode="all")
        answer = [len(paths[0]) - 1, min(len(paths), int(args[2]))]
    elif question == "k":
        paths = g.get_k_shortest_paths(a, ids.index(args[1]), k=int(args[2]), mode="all", output="vpath")
        answer = sorted(len(p) - 1 for p in paths)
    elif question == "neighbors":
        answer = len(g.neighborhood(a, order=int(args[1]), mode="all")) - 1
    else:
        raise Unsupported(question)
    return t1 - t0, time.perf_counter() - t1, answer


def graph_tool_answer(path, weights, question, args):
    if question == "k":
        raise Unsupported("graph-tool has no k shortest loop-free paths")
    import graph_tool
    from graph_tool.stats import remove_parallel_edges
    from graph_tool.topology import all_shortest_paths, shortest_distance, shortest_path
    from graph_tool.util import find_vertex

    t0 = time.perf_counter()
    g = graph_tool.load_graph(path, fmt="graphml")
    g.set_directed(False)
    if question == "all":
        remove_parallel_edges(g)
    w = None
    if question == "weighted":
        w = g.new_edge_property("double")
        # Property values iterate in the order of g.edges(), not by edge index.
        order = g.get_edges([g.edge_index])[:, 2]
        w.a[order] = [weights.get(r, 1.0) for r in g.ep["relation"]]
    ids = g.vp["_graphml_vertex_id"]
    t1 = time.perf_counter()
    a = find_vertex(g, ids, args[0])[0]
    if question == "path":
        answer = len(shortest_path(g, a, find_vertex(g, ids, args[1])[0])[1])
    elif question == "weighted":
        edges = shortest_path(g, a, find_vertex(g, ids, args[1])[0], weights=w)[1]
        answer = sum(w[e] for e in edges)
    elif question == "all":
        paths = list(itertools.islice(all_shortest_paths(g, a, find_vertex(g, ids, args[1])[0]), int(args[2])))
        answer = [len(paths[0]) - 1, len(paths)]
    elif question == "neighbors":
        dist = shortest_distance(g, a, max_dist=int(args[1]))
        answer = int((dist.a <= int(args[1])).sum()) - 1
    else:
        raise Unsupported(question)
    return t1 - t0, time.perf_counter() - t1, answer


LIBRARIES = {"networkx": networkx_answer, "igraph": igraph_answer, "graph-tool": graph_tool_answer}


def main(argv):
    if len(argv) < 5 or argv[1] not in LIBRARIES:
        sys.stderr.write(__doc__)
        return 2
    library, path, weights, question, args = argv[1], argv[2], json.loads(argv[3]), argv[4], argv[5:]
    try:
        load, query, answer = LIBRARIES[library](path, weights, question, args)
    except Unsupported as e:
        sys.stderr.write(f"{library}: {e}\n")
        return 3
    json.dump({"load": load, "query": query, "answer": answer}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
