"""Maps cited on paper: on every map relmap writes for data/ (the overview,
each source's map and the files of their parts), every line carries a source
mark, and the list drawn in the map under its legend names, at each number
of the mark, the source that line's relations cite (its title and publisher,
in the SVG's own text, so PNG and PDF drawn from it show them). A path's
maps list each step's quote. Read from the SVG text elements, not tooltips."""

import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import yaml

import relmap_run
ROOT = os.environ["RELMAP_ROOT"]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
MARK = re.compile(r"\[(\d+(?:,\d+)*)?(?: ?\+(\d+))?\]")


def run(*args, cwd):
    return relmap_run.run(*args, cwd=cwd, text=False, timeout=600,
                          env=dict(os.environ, TMPDIR=os.path.join(cwd, "..", "tmp")))


def flat(text):
    return " ".join(text.split())


def pieces(svg_text):
    """Each drawn map of an SVG: the nested <svg> of a map in parts, or itself."""
    root = ET.fromstring(svg_text)
    nested = root.findall(SVG + "svg")
    return nested or [root]


def texts(element):
    return [t.text or "" for t in element.iter(SVG + "text")]


def listed(piece_text):
    """The source list of a map (after its heading, "Sources:"): number -> entry."""
    entries = {}
    heading = max(piece_text.rfind("Sources:"), piece_text.rfind("Source:"))
    assert heading >= 0, "no source list"
    for m in re.finditer(r"\[(\d+)\] (.*?)(?= \[\d+\] |$)", piece_text[heading:]):
        entries.setdefault(int(m.group(1)), m.group(2))
    return entries


class CitationsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.root = relmap_run.copy_of_project(cls.tmp)
        cls.sources = {}
        for path in glob.glob(os.path.join(ROOT, "data", "articles", "*.yaml")):
            with open(path, encoding="utf-8") as f:
                for entity in yaml.safe_load(f).get("entities", []):
                    if entity.get("type") == "source":
                        cls.sources[entity["id"]] = entity

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def assert_cited(self, name, svg_text):
        """Every line of every piece has a mark whose numbers list its sources."""
        lines = 0
        for piece in pieces(svg_text):
            joined = flat(" ".join(texts(piece)))
            entries = listed(joined)
            for edge in piece.iter(SVG + "g"):
                if "edge" not in (edge.get("class") or "").split():
                    continue
                lines += 1
                label = flat(" ".join(texts(edge)))
                mark = MARK.search(label)
                self.assertIsNotNone(mark, f"{name}: line {edge.get('id')} has no source mark: {label!r}")
                numbers = [int(n) for n in (mark.group(1) or "").split(",") if n]
                tips = " ".join(a.get(XLINK + "title") or "" for a in edge.iter(SVG + "a"))
                cited = set(re.findall(r"\[(src-[\w-]+)\]", tips))
                self.assertTrue(cited, f"{name}: line {edge.get('id')} names no source in its tooltip")
                for source in cited:
                    entity = self.sources[source]
                    title = flat(entity.get("title") or entity["name"])
                    self.assertIn(title, joined, f"{name}: {source} is not listed under the map")
                    with self.subTest(map=name, line=edge.get("id"), source=source):
                        self.assertTrue(any(title in entries.get(n, "") for n in numbers),
                                        f"{name}: mark {mark.group(0)} of {edge.get('id')} does not number {source}")
                        if entity.get("publisher"):
                            self.assertIn(flat(entity["publisher"]), joined)
        return lines

    def test_every_map_build_writes_cites_each_line_and_lists_its_sources(self):
        out = os.path.join(self.tmp, "out")
        built = run("build", "--out", out, cwd=self.root)
        self.assertEqual(built.returncode, 0, built.stderr.decode())
        maps = [os.path.join(out, "relmap.svg")] + sorted(glob.glob(os.path.join(out, "maps", "*.svg")))
        self.assertGreater(len(maps), len(self.sources))
        for path in maps:
            with open(path, encoding="utf-8") as f:
                lines = self.assert_cited(os.path.basename(path), f.read())
            self.assertGreater(lines, 0, path)

    def hops(self):
        answer = run("path", "lao-cert", "philippines", "--format", "json", cwd=self.root)
        self.assertEqual(answer.returncode, 0, answer.stderr.decode())
        return json.loads(answer.stdout)["paths"][0]["hops"]

    def assert_quotes(self, name, svg_text):
        hops = self.hops()
        self.assertGreaterEqual(len(hops), 2)
        for piece in pieces(svg_text):
            joined = flat(" ".join(texts(piece)))
            for k, hop in enumerate(hops):
                quote = f"{k + 1}. "
                self.assertIn(quote, joined, f"{name}: step {k + 1} is not listed")
                self.assertIn("\u201C" + flat(hop["evidence"]) + "\u201D", joined,
                              f"{name}: the quote of step {k + 1} is not under the map")

    def test_a_path_answer_lists_the_quote_of_each_step(self):
        drawn = run("path", "lao-cert", "philippines", "--format", "svg", cwd=self.root)
        self.assertEqual(drawn.returncode, 0, drawn.stderr.decode())
        self.assert_quotes("path", drawn.stdout.decode())
        self.assert_cited("path", drawn.stdout.decode())
        again = run("path", "lao-cert", "philippines", "--format", "svg", cwd=self.root)
        self.assertEqual(drawn.stdout, again.stdout)

    def test_the_path_in_its_surroundings_lists_the_quote_of_each_step(self):
        drawn = run("render", "--path", "lao-cert", "philippines", cwd=self.root)
        self.assertEqual(drawn.returncode, 0, drawn.stderr.decode())
        self.assert_quotes("render --path", drawn.stdout.decode())
        self.assert_cited("render --path", drawn.stdout.decode())

    def test_a_focus_map_cites_each_line(self):
        drawn = run("render", "--focus", "japan", "--depth", "1", cwd=self.root)
        self.assertEqual(drawn.returncode, 0, drawn.stderr.decode())
        self.assert_cited("focus", drawn.stdout.decode())


if __name__ == "__main__":
    unittest.main()
