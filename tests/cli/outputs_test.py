"""Every output stays safe and stable whatever the ids and text in the data.

Runs the built relmap on facts written for each case and reads its outputs
back with real parsers: Graphviz's own for DOT, an XML parser for SVG and
report.html.
"""

import collections
import json
import os
import shutil
import random
import re
import signal
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from relmap_run import RELMAP, run
ROOT = os.environ["RELMAP_ROOT"]
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")
SVG = "{http://www.w3.org/2000/svg}"




def yaml_string(text):
    """A double-quoted YAML scalar holding exactly `text`."""
    return json.dumps(text)


def write_facts(folder, entities, relations, name="facts.yaml"):
    """Facts from (id, type, name, extra) and (from, type, to, source, evidence) tuples."""
    lines = ["entities:"]
    for ident, kind, label, *extra in entities:
        fields = [f"id: {yaml_string(ident)}", f"type: {kind}", f"name: {yaml_string(label)}"]
        fields += [f"{k}: {yaml_string(v)}" for k, v in (extra[0] if extra else {}).items()]
        lines.append("  - {" + ", ".join(fields) + "}")
    lines.append("relations:")
    for a, kind, b, source, evidence in relations:
        lines.append(f"  - {{from: {yaml_string(a)}, type: {kind}, to: {yaml_string(b)}, "
                     f"source: {yaml_string(source)}, evidence: {yaml_string(evidence)}}}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def build(data, out):
    return run("build", "--schema", SCHEMA, "--data", data, "--out", out)


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, names in os.walk(folder) for f in names)


def dot_read_back(path):
    """The DOT file as Graphviz reads it: {node name: attributes}."""
    r = subprocess.run(["dot", "-Tjson0", path], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"Graphviz cannot read {path}: {r.stderr}"
    doc = json.loads(r.stdout)
    return {o["name"]: o for o in doc.get("objects", []) if "nodes" not in o}, doc


def element_ids(root):
    return [el.get("id") for el in root.iter() if el.get("id") is not None]


class NamesTest(unittest.TestCase):
    """Ids and names cannot break outputs: file names and element ids are
    bounded and distinct for every valid id; internal names never collide."""

    def test_a_300_character_source_id_builds(self):
        long_id = "src-" + "x" * 296
        with tempfile.TemporaryDirectory() as tmp:
            write_facts(os.path.join(tmp, "data"),
                        [(long_id, "source", "A long id", {"file": "a.txt"}),
                         ("japan", "country", "Japan"), ("laos", "country", "Laos")],
                        [("japan", "cooperates_with", "laos", long_id, "they cooperate")])
            r = build(os.path.join(tmp, "data"), os.path.join(tmp, "out"))
            self.assertEqual(r.returncode, 0, r.stderr)
            maps = [f for f in files_under(os.path.join(tmp, "out")) if f.startswith("maps/")]
            self.assertEqual(len(maps), 2, maps)
            for name in maps:
                self.assertLessEqual(len(os.path.basename(name)), 80, name)
                self.assertTrue(os.path.basename(name).startswith("source-src-xxxx"), name)

    def test_similar_source_ids_get_their_own_maps(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_facts(os.path.join(tmp, "data"),
                        [("src.1", "source", "First", {"file": "a.txt"}),
                         ("src_1", "source", "Second", {"file": "b.txt"}),
                         ("Src_1", "source", "Third", {"file": "c.txt"}),
                         ("japan", "country", "Japan"), ("laos", "country", "Laos"),
                         ("vietnam", "country", "Vietnam")],
                        [("japan", "cooperates_with", "laos", "src.1", "one"),
                         ("laos", "cooperates_with", "vietnam", "src_1", "two"),
                         ("vietnam", "cooperates_with", "japan", "Src_1", "three")])
            out = os.path.join(tmp, "out")
            r = build(os.path.join(tmp, "data"), out)
            self.assertEqual(r.returncode, 0, r.stderr)
            svgs = [f for f in files_under(out) if f.startswith("maps/") and f.endswith(".svg")]
            self.assertEqual(len(svgs), 3, svgs)
            # Each map shows its own source's facts.
            shown = set()
            for name in svgs:
                root = ET.parse(os.path.join(out, name)).getroot()
                texts = {t.text for t in root.iter(SVG + "text")}
                shown.add(frozenset(texts & {"Japan", "Laos", "Vietnam"}))
            self.assertEqual(shown, {frozenset({"Japan", "Laos"}), frozenset({"Laos", "Vietnam"}),
                                     frozenset({"Vietnam", "Japan"})})
            # No two elements of the report share an id.
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                html = f.read()
            ids = [i.replace("&#45;", "-") for i in re.findall(r'\sid="([^"]*)"', html)]
            duplicates = [i for i, n in collections.Counter(ids).items() if n > 1]
            self.assertEqual(duplicates, [])
            self.assertGreater(len(ids), 30)

    def test_an_actor_named_like_the_legend_stays_an_actor(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_facts(os.path.join(tmp, "data"),
                        [("src", "source", "Article", {"file": "a.txt"}),
                         ("relmap_legend", "country", "Legendia"), ("laos", "country", "Laos")],
                        [("relmap_legend", "cooperates_with", "laos", "src", "they cooperate")])
            out = os.path.join(tmp, "out")
            r = build(os.path.join(tmp, "data"), out)
            self.assertEqual(r.returncode, 0, r.stderr)
            root = ET.parse(os.path.join(out, "relmap.svg")).getroot()
            texts = [t.text for t in root.iter(SVG + "text")]
            self.assertIn("Legendia", texts)
            self.assertIn("Legend", texts)
            nodes, _ = dot_read_back(os.path.join(out, "relmap.dot"))
            self.assertEqual(nodes["relmap_legend"]["label"], "Legendia")
            self.assertEqual(nodes["relmap_legend"]["class"], "t-country t-actor t-entity")  # an actor, not the legend

    def test_a_16_kb_token_reads_back_and_long_labels_are_shortened(self):
        token = "t" * 16384
        words = " ".join(["word"] * 4000)
        with tempfile.TemporaryDirectory() as tmp:
            write_facts(os.path.join(tmp, "data"),
                        [("src", "source", "Article", {"file": "a.txt"}),
                         (token, "country", token), ("laos", "country", words)],
                        [(token, "cooperates_with", "laos", "src", "they cooperate")])
            out = os.path.join(tmp, "out")
            r = build(os.path.join(tmp, "data"), out)
            self.assertEqual(r.returncode, 0, r.stderr)
            for dot in ["relmap.dot", "maps/source-src.dot"]:
                nodes, _ = dot_read_back(os.path.join(out, dot))
                laos = nodes["laos"]
                # Drawn: shortened with an ellipsis; the tooltip keeps far more.
                self.assertLessEqual(len(laos["label"]), 100)
                self.assertTrue(laos["label"].endswith("word\u2026"), laos["label"])
                self.assertGreater(len(laos["tooltip"]), 1900)
                self.assertTrue(laos["tooltip"].startswith("word word"))
                big = [n for n in nodes if n.startswith("tttt")]
                self.assertEqual(len(big), 1)
                self.assertLessEqual(len(big[0]), 64)
            root = ET.parse(os.path.join(out, "relmap.svg")).getroot()
            ids = element_ids(root)
            self.assertEqual(len(ids), len(set(ids)))
            self.assertLessEqual(max(len(i) for i in ids), 160)


class StyleTest(unittest.TestCase):
    """Schema style values are data too: checked where they are written."""

    def test_a_hostile_font_name_is_an_error_not_a_script(self):
        with tempfile.TemporaryDirectory() as tmp:
            schema = os.path.join(tmp, "schema.yaml")
            with open(schema, "w") as f:
                f.write("node_types:\n"
                        "  country:\n"
                        "    style: {fontname: 'x\"/><script>alert(1)</script><text x=\"', fillcolor: '#FDE'}\n"
                        "  source: {properties: {file: string}}\n"
                        "relation_types:\n"
                        "  cooperates_with: {symmetric: true, pairs: [[country, country]]}\n")
            write_facts(os.path.join(tmp, "data"),
                        [("src", "source", "S", {"file": "a.txt"}), ("a", "country", "A"), ("b", "country", "B")],
                        [("a", "cooperates_with", "b", "src", "e")])
            out = os.path.join(tmp, "out")
            r = run("build", "--schema", schema, "--data", os.path.join(tmp, "data"), "--out", out)
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"{schema}:3:23: error: style 'fontname': font name", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(out, "relmap.svg")))
            # Without the font, the map draws the normalised colour.
            with open(schema) as f:
                text = f.read().replace("fontname: 'x\"/><script>alert(1)</script><text x=\"', ", "")
            with open(schema, "w") as f:
                f.write(text)
            r = run("build", "--schema", schema, "--data", os.path.join(tmp, "data"), "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(out, "relmap.svg")) as f:
                self.assertIn('fill="#ffddee"', f.read())


def children_of(pid):
    """Live processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in "ZX":
                found.append(int(entry))
    return found


def alive(pid):
    """True while `pid` runs (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


class OrphanTest(unittest.TestCase):
    """However relmap ends, its Graphviz layout child ends with it."""

    @classmethod
    def setUpClass(cls):
        # dot takes minutes on 300 actors with 1,500 random relations.
        cls.tmp = tempfile.TemporaryDirectory()
        rng = random.Random(3)
        ids = [f"c{i}" for i in range(300)]
        relations = []
        for j in range(1500):
            a, b = rng.sample(ids, 2)
            relations.append((a, "cooperates_with", b, "src", f"{a} with {b}, {j}"))
        cls.data = os.path.join(cls.tmp.name, "data")
        write_facts(cls.data, [("src", "source", "S", {"file": "s.txt"})] + [(i, "country", i) for i in ids], relations)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def start_build(self, *extra):
        proc = subprocess.Popen([RELMAP, "build", "--schema", SCHEMA, "--data", self.data, "--engine", "dot",
                                 "--out", os.path.join(self.tmp.name, "out"), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            children = children_of(proc.pid)
            if children:
                time.sleep(0.5)  # well into the layout
                return proc, children[0]
            time.sleep(0.05)
        proc.kill()
        proc.wait()
        self.fail("relmap started no layout")

    def assert_ends(self, pid):
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(alive(pid), f"layout process {pid} outlived relmap")

    def test_kill_9_takes_the_layout_with_it(self):
        proc, child = self.start_build()
        proc.kill()
        proc.wait(timeout=10)
        proc.stderr.close()
        self.assert_ends(child)

    def test_stop_signals_kill_the_layout_then_relmap(self):
        for sig in [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]:
            proc, child = self.start_build()
            proc.send_signal(sig)
            self.assertEqual(proc.wait(timeout=10), -sig)  # died of that signal: status 128 + sig
            self.assert_ends(child)
            proc.stderr.close()

    def test_a_timeout_kills_the_layout(self):
        proc, child = self.start_build("--timeout", "2")
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("layout with engine 'dot' did not finish within 2 s", err.decode())
        self.assert_ends(child)


def read_tree(folder):
    """{relative path: bytes} of every file under `folder`."""
    out = {}
    for name in files_under(folder):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out


class DeterminismTest(unittest.TestCase):
    """The same inputs give byte-identical outputs, run after run (with
    address-space randomisation on), whatever the environment."""

    def test_builds_are_byte_identical_in_any_environment(self):
        data, schema = os.path.join(ROOT, "data"), SCHEMA
        with tempfile.TemporaryDirectory() as tmp:
            envs = [
                ({}, ROOT, ["--out", os.path.join(tmp, "0")]),
                ({"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8", "TZ": "Pacific/Chatham"}, "/",
                 ["--schema", schema, "--data", data + "/", "--out", os.path.join(tmp, "1")]),
                ({"PADDING": "x" * 5000}, tmp, ["--schema", os.path.relpath(schema, tmp),
                                                "--data", os.path.relpath(data, tmp), "--out", "2"]),
            ] + [({"PADDING": "y" * (97 * i)}, ROOT, ["--out", os.path.join(tmp, str(i))]) for i in range(3, 8)]
            trees = []
            for extra, cwd, args in envs:
                env = dict(os.environ, **extra)
                r = run("build", *args, cwd=cwd, env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                trees.append(read_tree(os.path.join(tmp, args[-1])))
            self.assertIn("relmap.svg", trees[0])
            for i, tree in enumerate(trees[1:], 1):
                self.assertEqual(sorted(tree), sorted(trees[0]))
                for name in tree:
                    self.assertEqual(tree[name], trees[0][name], f"{name} differs in build {i}")

    def render_runs(self, args, runs):
        outputs = set()
        for _ in range(runs):
            r = subprocess.run([RELMAP, "render", *args], capture_output=True, timeout=300, cwd=ROOT)
            self.assertEqual(r.returncode, 0, r.stderr)
            outputs.add(r.stdout)
        return outputs

    def test_every_engine_draws_the_same_map_every_run(self):
        for engine in ["neato", "dot", "sfdp", "twopi", "circo", "fdp"]:
            self.assertEqual(len(self.render_runs(["--engine", engine], 4)), 1, engine)
        for engine in ["dot", "fdp"]:
            self.assertEqual(len(self.render_runs(["--engine", engine, "--clusters"], 3)), 1, engine)

    def test_clustered_maps_do_not_depend_on_how_the_facts_were_loaded(self):
        # Read from the YAML or from the snapshot, the process's memory lies
        # differently; clusters used to come out in address order.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(SCHEMA, os.path.join(tmp, "graph-schema.yaml"))
            shutil.copytree(os.path.join(ROOT, "data"), os.path.join(tmp, "data"))
            for engine in ["dot", "fdp"]:
                outputs = set()
                for run_number in range(4):
                    if run_number % 2 == 0:
                        shutil.rmtree(os.path.join(tmp, ".relmap-cache"), ignore_errors=True)
                    r = subprocess.run([RELMAP, "render", "--engine", engine, "--clusters"],
                                       capture_output=True, timeout=300, cwd=tmp)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertIn(b"cluster", r.stdout)
                    outputs.add(r.stdout)
                self.assertEqual(len(outputs), 1, engine)

    def test_a_larger_curved_map_is_the_same_every_run(self):
        # 300 actors: neato with curved edges and overlap removal, the most
        # sensitive layout relmap draws.
        rng = random.Random(11)
        ids = [f"c{i}" for i in range(300)]
        relations = [(a, b, "src", f"{a} with {b}, {j}") for j, (a, b) in enumerate(rng.sample(ids, 2) for _ in range(450))]
        with tempfile.TemporaryDirectory() as tmp:
            write_facts(tmp, [("src", "source", "S", {"file": "s.txt"})] + [(i, "country", f"Country {i}") for i in ids],
                        [(a, "cooperates_with", b, src, e) for a, b, src, e in relations])
            outputs = self.render_runs(["--schema", SCHEMA, "--data", tmp, "--engine", "neato"], 4)
        self.assertEqual(len(outputs), 1)


class HostileTextTest(unittest.TestCase):
    """Text that looks like markup, entities or Graphviz escapes shows in every
    output exactly as the data writes it, and every output parses."""

    NAMES = {
        "att": "AT&amp;T &lt;b&gt; &#38; & x",
        "cdata": "]]> \"dq\" 'sq' <i>x</i> <!-- c -->",
        "slash": "back\\slash \\N \\G trailing\\",
        "arabic": "\u00dcmlaut \ufdfa \ufdcf ok",
    }
    SOURCE = "S&amp;S <src> ]]>"
    EVIDENCE = "q&amp;q ]]> \"x\" <y> \\N"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        data = os.path.join(cls.tmp.name, "data")
        ids = list(cls.NAMES)
        write_facts(data, [("src", "source", cls.SOURCE, {"file": "a.txt"})] +
                    [(i, "country", name) for i, name in cls.NAMES.items()],
                    [(ids[k], "cooperates_with", ids[k + 1], "src", cls.EVIDENCE) for k in range(len(ids) - 1)])
        cls.data = data
        cls.out = os.path.join(cls.tmp.name, "out")
        r = build(data, cls.out)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_svg(self, path, prefix):
        root = ET.parse(path).getroot()
        groups = {g.get("id"): g for g in root.iter(SVG + "g")}
        for ident, name in self.NAMES.items():
            g = groups[f"{prefix}--n-{ident}"]
            self.assertEqual(" ".join(t.text for t in g.iter(SVG + "text")), name)
            link = next(g.iter(SVG + "a"))
            self.assertEqual(link.get("{http://www.w3.org/1999/xlink}title"), name + " (Country)")
        edge = groups[f"{prefix}--r0"]
        self.assertEqual(next(edge.iter(SVG + "a")).get("{http://www.w3.org/1999/xlink}title"),
                         f"cooperates with: \u201c{self.EVIDENCE}\u201d \u2014 {self.SOURCE} [src]")

    def test_svg_maps_show_the_text_as_written(self):
        self.check_svg(os.path.join(self.out, "relmap.svg"), "relmap")
        self.check_svg(os.path.join(self.out, "maps", "source-src.svg"), "source-src")

    def test_report_is_xml_and_shows_the_text_as_written(self):
        root = ET.parse(os.path.join(self.out, "report.html")).getroot()
        xhtml = "{http://www.w3.org/1999/xhtml}"
        self.assertIn(self.SOURCE, [h.text for h in root.iter(xhtml + "h2")])
        self.assertIn(f"\u201c{self.EVIDENCE}\u201d", [td.text for td in root.iter(xhtml + "td")])
        terms = [dt.text for dt in root.iter(xhtml + "dt")]
        for name in self.NAMES.values():
            self.assertIn(name + " ", terms)
        ids = element_ids(root)
        self.assertEqual(len(ids), len(set(ids)))

    def test_dot_reads_back_with_the_same_text(self):
        for dot in ["relmap.dot", "maps/source-src.dot"]:
            path = os.path.join(self.out, dot)
            nodes, _ = dot_read_back(path)
            # Written for Graphviz, which reads entities in tooltips and takes
            # backslash escapes out of them twice: '&' as "&amp;", each
            # backslash four times over ...
            for ident, name in self.NAMES.items():
                self.assertEqual(nodes[ident]["tooltip"],
                                 (name + " (Country)").replace("&", "&amp;").replace("\\", "\\" * 4))
            # ... so that drawn by Graphviz, each shows as written.
            svg = subprocess.run(["dot", "-Tsvg", path], capture_output=True, text=True, timeout=120, check=True).stdout
            titles = {a.get("{http://www.w3.org/1999/xlink}title") for a in ET.fromstring(svg).iter()}
            for name in self.NAMES.values():
                self.assertIn(name + " (Country)", titles)

    def test_pdf_shows_the_text_as_written(self):
        pdf = os.path.join(self.tmp.name, "map.pdf")
        r = run("render", "--schema", SCHEMA, "--data", self.data, "-f", "pdf", "-o", pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        words = " ".join(text.split())  # names are wrapped over lines
        self.assertIn("AT&amp;T &lt;b&gt; &#38; &", words)
        self.assertIn("back\\slash \\N \\G", words)


if __name__ == "__main__":
    unittest.main()
