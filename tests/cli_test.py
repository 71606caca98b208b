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
            names = sorted(os.listdir(a))
            self.assertEqual(names, ["relmap.dot", "relmap.graphml", "relmap.json", "relmap.svg"])
            for name in names:
                with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), name)
            self.assertTrue(xmllint_ok(os.path.join(a, "relmap.svg")))
            svg = ET.parse(os.path.join(a, "relmap.svg")).getroot()
            texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("Ministry of Post and Telecommunications", texts)
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
            texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("</text><script>alert('x')</script>", texts)
            self.assertIn('A & B <i>x</i> "quoted" \'single\' ]]> --> <!--', texts)
            self.assertIn("node [shape=box] \\N \\G \\\\ trailing\\", texts)
            # The hostile names did not add nodes or edges to the DOT.
            with open(os.path.join(out, "relmap.dot")) as f:
                dot = f.read()
            self.assertEqual(re.findall(r"^\t(\S+) -> (\S+)\t", dot, re.M),
                             [('"graph"', "src"), ('"graph"', '"edge"')])  # keywords quoted
            self.assertEqual(re.findall(r"^\t(\S+)\t\[", dot, re.M), ["src", '"graph"', '"edge"'])
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
