"""Command-line tests: run the built relmap on fixtures and check its output."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import networkx as nx

RELMAP = os.environ["RELMAP"]
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")


def fixture(name):
    return os.path.join(HERE, "fixtures", name)


def run(*args, cwd=None):
    return subprocess.run([RELMAP, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def xmllint_ok(path):
    return subprocess.run(["xmllint", "--noout", path], capture_output=True).returncode == 0


class ValidateTest(unittest.TestCase):
    def test_good_data_is_clean(self):
        r = run("validate", "--schema", SCHEMA, "--data", fixture("good"),
                "--sources", fixture("sources"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.stdout, "6 entities, 5 relations in 2 files: 0 errors, 0 warnings\n")

    def test_bad_data_reports_every_error_with_position(self):
        r = run("validate", "--schema", SCHEMA, "--data", fixture("bad"))
        self.assertEqual(r.returncode, 1)
        path = fixture("bad") + "/facts.yaml"
        self.assertEqual(
            [line for line in r.stderr.splitlines() if not line.startswith("    ")],
            [
                f"{path}:3:23: error: unknown node type 'countri' (did you mean 'country'?)",
                f"{path}:4:10: warning: 'laos' is not linked to anything",
                f"{path}:4:43: error: duplicate key 'name' in this mapping",
                f"{path}:6:39: error: unknown id 'loas' in 'to' (did you mean 'laos'?)",
            ])

    def test_evidence_missing_from_the_source(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(fixture("sources") + "/forum.txt", tmp)
            with open(os.path.join(tmp, "forum.txt"), "w") as f:
                f.write("Nothing of the kind.\n")
            r = run("validate", "--schema", SCHEMA, "--data", fixture("good"), "--sources", tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn(fixture("good") + "/forum.yaml:13:59: error: evidence not found in the text "
                      "of source 'src-forum'", r.stderr)

    def test_missing_schema(self):
        r = run("validate", "--schema", "/nonexistent.yaml", "--data", fixture("good"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("/nonexistent.yaml: error: cannot read file", r.stderr)


class UsageTest(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("render", "--format", "gif").returncode, 2)
        self.assertEqual(run("render", "--engine", "nope").returncode, 2)
        self.assertEqual(run("export").returncode, 2)  # --format is required
        self.assertEqual(run("validate", "--no-such-flag").returncode, 2)

    def test_help_lists_every_command_and_option(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for cmd in ["validate", "build", "render", "export"]:
            self.assertIn(cmd, r.stdout)
        r = run("render", "--help")
        self.assertEqual(r.returncode, 0)
        for opt in ["--schema", "--data", "--format", "-o", "--engine", "--timeout"]:
            self.assertIn(opt, r.stdout)
        r = run("build", "--help")
        for opt in ["--schema", "--data", "--out", "--engine", "--sources"]:
            self.assertIn(opt, r.stdout)


class BuildTest(unittest.TestCase):
    def build(self, out, data="good"):
        return run("build", "--schema", SCHEMA, "--data", fixture(data), "--out", out)

    def test_build_writes_maps_and_exports_deterministically(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            ra, rb = self.build(a), self.build(b)
            self.assertEqual(ra.returncode, 0, ra.stderr)
            self.assertEqual(rb.returncode, 0, rb.stderr)
            names = sorted(os.path.relpath(os.path.join(d, f), a)
                           for d, _, files in os.walk(a) for f in files)
            self.assertEqual([n for n in names if not n.startswith("neo4j/")],
                             ["maps/source-src-forum.dot", "maps/source-src-forum.svg",
                              "relmap.dot", "relmap.gexf", "relmap.graphml", "relmap.json", "relmap.stix.json", "relmap.svg",
                              "report.html", "report.md"])
            self.assertIn("neo4j/import.cypher", names)
            for name in names:
                with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), name)
            self.assertTrue(xmllint_ok(os.path.join(a, "relmap.svg")))
            svg = ET.parse(os.path.join(a, "relmap.svg")).getroot()
            texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("Ministry of Post and Telecommunications", " ".join(texts))
            self.assertIn("hosted", texts)

    def test_failed_validation_writes_nothing(self):
        with tempfile.TemporaryDirectory() as out:
            r = self.build(out, data="bad")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(os.listdir(out), [])

    def test_hostile_text_stays_text(self):
        with tempfile.TemporaryDirectory() as out:
            r = self.build(out, data="hostile")
            self.assertEqual(r.returncode, 0, r.stderr)
            svg_path = os.path.join(out, "relmap.svg")
            self.assertTrue(xmllint_ok(svg_path))
            root = ET.parse(svg_path).getroot()
            tags = {el.tag.split("}")[1] for el in root.iter()}
            self.assertNotIn("script", tags)
            self.assertNotIn("i", tags)
            # Long names are wrapped onto several lines: join the lines back.
            text = " ".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text"))
            self.assertIn("</text><script>alert('x')</script>", text)
            self.assertIn('A & B <i>x</i> "quoted" \'single\' ]]> --> <!--', text)
            self.assertIn("node [shape=box] \\N \\G \\\\ trailing\\", text)
            # The hostile names did not add nodes or edges to the DOT.
            with open(os.path.join(out, "relmap.dot")) as f:
                dot = f.read()
            self.assertEqual(re.findall(r"^\t(\S+) -> (\S+)\t", dot, re.M),
                             [('"graph"', "src"), ('"graph"', '"edge"')])  # keywords quoted
            self.assertEqual(re.findall(r"^\t(\S+)\t\[", dot, re.M), ["src", '"graph"', '"edge"', "relmap_legend"])
            self.assertTrue(xmllint_ok(os.path.join(out, "relmap.graphml")))


class RenderTest(unittest.TestCase):
    def test_render_formats_to_file_and_stdout(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "map.dot")
            r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot", "-o", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(path) as f:
                self.assertTrue(f.read().startswith("digraph relmap {"))
        r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "--engine", "neato")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("<svg", r.stdout)

    def test_png_where_plugins_allow(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "map.png")
            r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "png", "-o", path)
            if r.returncode == 0:
                with open(path, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            else:
                self.assertIn("not supported by the installed plugins", r.stderr)


class ExportTest(unittest.TestCase):
    def export(self, fmt, data):
        r = run("export", "--schema", SCHEMA, "--data", data, "--format", fmt)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_graphml_reads_back_in_networkx(self):
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(self.export("graphml", fixture("good")))
        try:
            g = nx.read_graphml(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(sorted(g.nodes), ["cambodia", "forum", "japan", "jica", "kh-mpt", "src-forum"])
        self.assertEqual(g.nodes["kh-mpt"]["type"], "government_body")
        self.assertEqual(g.nodes["kh-mpt"]["label"], "Ministry of Post and Telecommunications")
        self.assertEqual(g.nodes["kh-mpt"]["kind"], "ministry")
        edges = sorted((u, v, d["relation"], d["cites"]) for u, v, d in g.edges(data=True))
        self.assertEqual(edges, [
            ("forum", "src-forum", "reported_by", "src-forum"),
            ("jica", "forum", "supports", "src-forum"),
            ("jica", "japan", "part_of", "src-forum"),
            ("kh-mpt", "cambodia", "part_of", "src-forum"),
            ("kh-mpt", "forum", "hosted", "src-forum"),
        ])
        self.assertEqual(g["kh-mpt"]["forum"]["evidence"], "The Ministry hosted a recent consultative forum")

    def test_json_is_node_link(self):
        doc = json.loads(self.export("json", fixture("good")))
        g = nx.node_link_graph(doc)
        self.assertEqual(g.number_of_nodes(), 6)
        self.assertEqual(g.number_of_edges(), 5)
        self.assertEqual({n["id"]: n["type"] for n in doc["nodes"]}["jica"], "government_body")
        link = doc["links"][2]
        self.assertEqual((link["source"], link["target"], link["relation"], link["cites"]),
                         ("kh-mpt", "forum", "hosted", "src-forum"))


class ProjectDataTest(unittest.TestCase):
    """The curated data under data/ with the project's schema."""

    def test_curated_data_validates_and_exports(self):
        r = run("validate", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        entities = int(r.stdout.split()[0])
        relations = int(r.stdout.split()[2])
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(self.export_graphml())
        try:
            g = nx.read_graphml(f.name, force_multigraph=True)
        finally:
            os.unlink(f.name)
        self.assertEqual(g.number_of_nodes(), entities)
        self.assertEqual(g.number_of_edges(), relations)

    def test_evidence_quotes_occur_in_the_articles(self):
        articles = os.path.join(ROOT, "..", "shared", "articles")
        if not os.path.isdir(articles):
            self.skipTest("no ../shared/articles beside the repository")
        r = run("validate", "--sources", articles, cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertTrue(r.stdout.endswith(": 0 errors, 0 warnings\n"), r.stdout)

    def export_graphml(self):
        r = run("export", "--format", "graphml", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout


if __name__ == "__main__":
    unittest.main()


class QueryTest(unittest.TestCase):
    """Queries on the curated data, cross-checked against NetworkX reading relmap's GraphML."""

    PAIRS = [("lao-cert", "shinzo-abe"), ("la-mpt", "jica"), ("kin-phea", "to-lam"),
             ("daniel-stauffacher", "unodc"), ("tsubame", "vn-mps"), ("myanmar", "singapore")]

    @classmethod
    def setUpClass(cls):
        r = run("export", "--format", "graphml", cwd=ROOT)
        assert r.returncode == 0, r.stderr
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(r.stdout)
        try:
            cls.multi = nx.read_graphml(f.name, force_multigraph=True)
        finally:
            os.unlink(f.name)
        cls.simple = nx.Graph(cls.multi.to_undirected())
        import yaml
        with open(SCHEMA) as f:
            schema = yaml.safe_load(f)
        weights = {name: float(rel.get("weight", 1)) for name, rel in schema["relation_types"].items()}
        cls.weighted = nx.Graph()
        for u, v, d in cls.multi.edges(data=True):
            w = weights[d["relation"]]
            if not cls.weighted.has_edge(u, v) or cls.weighted[u][v]["weight"] > w:
                cls.weighted.add_edge(u, v, weight=w)

    def query(self, *args):
        r = run(*args, "--format", "json", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_shortest_path_lengths_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b)
            self.assertEqual((doc["from"], doc["to"]), (a, b))
            path = doc["paths"][0]
            self.assertEqual(path["length"], nx.shortest_path_length(self.simple, a, b), (a, b))
            walk = [path["hops"][0]["from"]] + [h["to"] for h in path["hops"]]
            self.assertEqual((walk[0], walk[-1]), (a, b))
            for hop in path["hops"]:  # each hop is a real relation, stored the way it says
                u, v = (hop["from"], hop["to"]) if hop["direction"] == "forward" else (hop["to"], hop["from"])
                rels = [d["relation"] for d in self.multi.get_edge_data(u, v, default={}).values()]
                self.assertIn(hop["relation"], rels, hop)
                self.assertTrue(hop["cites"].startswith("src-"))
                self.assertTrue(hop["evidence"])

    def test_all_shortest_paths_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b, "--all", "--limit", "10000")
            expected = sorted(tuple(p) for p in nx.all_shortest_paths(self.simple, a, b))
            got = sorted(tuple([p["hops"][0]["from"]] + [h["to"] for h in p["hops"]]) for p in doc["paths"])
            self.assertEqual(got, expected, (a, b))

    def test_k_shortest_lengths_match_networkx(self):
        for a, b in self.PAIRS[:4]:
            doc = self.query("path", a, b, "--k", "6")
            expected = [len(p) - 1 for _, p in zip(range(6), nx.shortest_simple_paths(self.simple, a, b))]
            self.assertEqual([p["length"] for p in doc["paths"]], expected, (a, b))
            for p in doc["paths"]:
                walk = [p["hops"][0]["from"]] + [h["to"] for h in p["hops"]]
                self.assertEqual(len(set(walk)), len(walk), walk)  # loop-free

    def test_weighted_costs_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b, "--weighted")
            self.assertAlmostEqual(doc["paths"][0]["cost"],
                                   nx.dijkstra_path_length(self.weighted, a, b), msg=(a, b))

    def test_betweenness_matches_networkx(self):
        doc = self.query("stats", "--top", "5")
        expected = nx.betweenness_centrality(self.simple)
        for row in doc["top_betweenness"]:
            self.assertAlmostEqual(row["betweenness"], expected[row["id"]], places=9)
        best = max(expected.values())
        self.assertAlmostEqual(doc["top_betweenness"][0]["betweenness"], best, places=9)
        self.assertEqual(doc["nodes"], self.multi.number_of_nodes())
        self.assertEqual(doc["relations"], self.multi.number_of_edges())
        self.assertEqual(doc["components"]["count"], nx.number_connected_components(self.simple))

    def test_neighbors_and_common_match_networkx(self):
        doc = self.query("neighbors", "japan", "--depth", "2")
        within = nx.single_source_shortest_path_length(self.simple, "japan", cutoff=2)
        self.assertEqual({n["id"]: n["distance"] for n in doc["nodes"]}, within)
        doc = self.query("common", "cambodia", "japan")
        expected = set(self.simple["cambodia"]) & set(self.simple["japan"])
        self.assertEqual({c["id"] for c in doc["common"]}, expected)

    def test_text_output_cites_each_hop(self):
        r = run("path", "Lao CERT", "Shinzo Abe", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Lao Computer Emergency Response Team \u2014[cooperates with]\u2014 Japan", r.stdout)
        self.assertIn("source: src-001: CLMV countries consult on cybersecurity policy", r.stdout)
        self.assertIn("evidence: \u201cJapanese prime minister Shinzo Abe\u201d", r.stdout)

    def test_no_path_names_the_filters(self):
        r = run("path", "laos", "nguyen-duy-ngoc", cwd=ROOT)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "error: no path from Laos [laos] to Nguyen Duy Ngoc [nguyen-duy-ngoc] "
                                   "(no filters)\n")
        r = run("path", "laos", "singapore", "--avoid", "asean,vietnam", "--directed", cwd=ROOT)
        self.assertEqual(r.returncode, 1)
        self.assertIn("(filters: --directed, --avoid asean,vietnam)", r.stderr)

    def test_unknown_and_ambiguous_actors(self):
        r = run("path", "laoss", "japan", cwd=ROOT)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "error: unknown actor 'laoss' (did you mean 'laos'?)\n")
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(fixture("good"), os.path.join(tmp, "data"))
            with open(os.path.join(tmp, "data", "twin.yaml"), "w") as f:
                f.write("source: src-forum\nentities:\n"
                        "  - {id: kh-mpt-2, type: government_body, name: Ministry of Post and Telecommunications}\n"
                        "relations:\n"
                        "  - {from: kh-mpt-2, type: part_of, to: cambodia, evidence: x}\n")
            r = run("path", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"),
                    "ministry of post and telecommunications", "japan")
        self.assertEqual(r.returncode, 1)
        self.assertIn("error: 'ministry of post and telecommunications' is ambiguous; use an id:\n"
                      "  kh-mpt  (Ministry of Post and Telecommunications)\n"
                      "  kh-mpt-2  (Ministry of Post and Telecommunications)", r.stderr)

    def test_bad_flags_exit_2(self):
        self.assertEqual(run("path", "laos", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--relations", "atended", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--all", "--k", "3", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--as-of", "yesterday", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--format", "csv", cwd=ROOT).returncode, 2)
        self.assertEqual(run("stats", "--format", "svg", cwd=ROOT).returncode, 2)

    def test_path_drawn_as_svg(self):
        with tempfile.TemporaryDirectory() as out:
            svg = os.path.join(out, "path.svg")
            r = run("path", "lao-cert", "shinzo-abe", "--format", "svg", "-o", svg, cwd=ROOT)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(xmllint_ok(svg))
            texts = [t.text for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("1. cooperates with", texts)
            self.assertIn("2. holds position at", texts)
            self.assertIn("Shinzo Abe", texts)


class ProgressTest(unittest.TestCase):
    def test_progress_only_on_a_terminal(self):
        import pty
        with tempfile.TemporaryDirectory() as out:
            # Piped: stderr stays empty.
            r = run("report", "--schema", SCHEMA, "--data", fixture("good"), "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")
            # On a terminal: the maps being drawn are shown on stderr.
            controller, terminal = pty.openpty()
            proc = subprocess.Popen([RELMAP, "report", "--schema", SCHEMA, "--data", fixture("good"),
                                     "--out", out], stdout=subprocess.DEVNULL, stderr=terminal)
            os.close(terminal)
            seen = b""
            while True:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            self.assertEqual(proc.wait(timeout=60), 0)
            os.close(controller)
        self.assertIn(b"[1/2] drawing relmap", seen)
        self.assertIn(b"[2/2] drawing maps/source-src-forum", seen)


class ReadmeTest(unittest.TestCase):
    def test_readme_shows_real_output(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        r = run("path", "Lao CERT", "Shinzo Abe", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('$ build/relmap path "Lao CERT" "Shinzo Abe"\n' + r.stdout, readme)
        self.assertIn("![", readme)
        image = readme.split("](", 1)[1].split(")", 1)[0]
        self.assertTrue(os.path.isfile(os.path.join(ROOT, image)), image)


class LongRenderProgressTest(unittest.TestCase):
    def test_a_long_layout_shows_its_time_on_a_terminal_only(self):
        import pty
        import random
        rng = random.Random(5)
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "big.yaml")
            with open(data, "w") as f:
                f.write("source: src\nentities:\n  - {id: src, type: source, name: S, file: s.txt}\n")
                f.writelines(f"  - {{id: c{i}, type: country, name: C {i}}}\n" for i in range(4000))
                f.write("relations:\n")
                for j in range(16000):
                    a, b = rng.randrange(4000), rng.randrange(4000)
                    f.write(f"  - {{from: c{a}, type: cooperates_with, to: c{(b + 1) % 4000 if a == b else b}, "
                            f"evidence: e{j}}}\n")
            args = [RELMAP, "render", "--schema", SCHEMA, "--data", data, "-o", os.path.join(tmp, "big.svg")]
            piped = subprocess.run(args, capture_output=True, text=True, timeout=300)
            self.assertEqual(piped.returncode, 0, piped.stderr)
            self.assertNotIn("drawing", piped.stderr)
            controller, terminal = pty.openpty()
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=terminal)
            os.close(terminal)
            seen = b""
            while True:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            self.assertEqual(proc.wait(timeout=300), 0)
            os.close(controller)
        self.assertIn(b"[1/1] drawing relmap (1 s)", seen)
