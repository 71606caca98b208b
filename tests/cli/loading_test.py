"""Graphviz, cairo and librsvg are loaded only when a map is drawn: a question
answered in text loads none of them, a map loads them once, before its
layout children are forked, which inherit them resolved, and a library that
cannot be loaded is an error that names it. The dynamic loader says what it
loads (LD_DEBUG), each line under the id of the process it loads into."""

import glob
import os
import re
import shutil
import tempfile
import unittest

import relmap_run
from relmap_run import run

DRAWING = ("libgvc.so", "libcgraph.so", "libcairo.so", "librsvg-2.so")
GRAPHVIZ = ("libgvc.so", "libcgraph.so", "libgvplugin_dot_layout.so")
RASTER = ("libcairo.so", "librsvg-2.so")


class LoadingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-loading-")
        cls.project = relmap_run.copy_of_project(cls.tmp)
        cls.env = dict(os.environ, TMPDIR=os.path.join(cls.tmp, "tmp"))
        for variable in ("LD_DEBUG", "LD_DEBUG_OUTPUT", "LD_LIBRARY_PATH", "LD_PRELOAD"):
            cls.env.pop(variable, None)
        # The snapshot compiled once, so that each question below only reads it.
        result = run("validate", cwd=cls.project, env=cls.env)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def traced(self, *args, what="libs", text=True):
        """relmap run with the loader's trace of `what`: the result, and the
        trace's lines (of every process relmap started) as (pid, text)."""
        folder = tempfile.mkdtemp(dir=self.tmp)
        env = dict(self.env, LD_DEBUG=what, LD_DEBUG_OUTPUT=os.path.join(folder, "trace"))
        result = run(*args, cwd=self.project, env=env, text=text)
        lines = []
        for path in glob.glob(os.path.join(folder, "trace.*")):
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if m := re.match(r"\s*(\d+):\s*(.*)", line):
                        lines.append((int(m.group(1)), m.group(2)))
        return result, lines

    @staticmethod
    def initialised(lines, names):
        """The processes that initialised each library of `names` (loaded it)."""
        return {name: {pid for pid, text in lines if text.startswith("calling init:") and name in text}
                for name in names}

    def test_text_questions_load_no_drawing_library(self):
        for args, expected in [
            (["--version"], "relmap "),
            (["path", "laos", "japan"], "Laos → Japan"),
            (["neighbors", "laos"], "Laos"),
            (["stats"], "actors"),
            (["validate"], ""),
            (["path", "laos", "japan", "-f", "json"], '"from"'),
        ]:
            with self.subTest(args=args):
                result, lines = self.traced(*args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn(expected, result.stdout)
                inits = [text for _, text in lines if text.startswith("calling init:")]
                self.assertTrue(any("libc.so" in text for text in inits), "the trace shows what is loaded")
                loaded = [text for text in inits if any(name in text for name in DRAWING)]
                self.assertEqual(loaded, [])

    def test_a_map_loads_graphviz_and_a_picture_librsvg_and_cairo(self):
        result, lines = self.traced("path", "laos", "japan", "-f", "svg")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("<svg", result.stdout)
        inits = self.initialised(lines, GRAPHVIZ + RASTER)
        self.assertTrue(all(inits[name] for name in GRAPHVIZ), inits)
        self.assertFalse(any(inits[name] for name in RASTER), inits)

        png = os.path.join(self.tmp, "path.png")
        result, lines = self.traced("render", "--path", "laos", "japan", "-f", "png", "-o", png)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        inits = self.initialised(lines, GRAPHVIZ + RASTER)
        self.assertTrue(all(inits[name] for name in GRAPHVIZ + RASTER), inits)

    def test_build_loads_graphviz_once_and_its_children_inherit_it_resolved(self):
        out = os.path.join(self.tmp, "out-build")
        result, lines = self.traced("build", "--out", out, "--jobs", "2", what="libs,bindings")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(glob.glob(os.path.join(out, "maps", "*.svg")) or glob.glob(os.path.join(out, "*.svg")))
        inits = self.initialised(lines, GRAPHVIZ)
        # relmap loads them once, before the spawner of layout children forks.
        self.assertEqual([len(pids) for pids in inits.values()], [1] * len(GRAPHVIZ), inits)
        loader = next(iter(inits["libgvc.so"]))
        self.assertGreater(len({pid for pid, _ in lines}), 2, "the children are traced too")
        # Resolved when loaded, and relmap's own imports when it started: no
        # child binds a symbol that Graphviz or relmap refers to.
        program = os.path.realpath(relmap_run.RELMAP)
        bound_later = {(pid, text) for pid, text in lines if pid != loader and text.startswith("binding file")
                       and any(name in text.split(" to ")[0] for name in GRAPHVIZ + (program + " ",))}
        self.assertEqual(bound_later, set())

    def test_a_library_that_cannot_be_loaded_is_an_error_naming_it(self):
        fake = os.path.join(self.tmp, "fake-libs")
        os.makedirs(fake, exist_ok=True)
        with open(os.path.join(fake, "libgvc.so.6"), "w") as f:
            f.write("not a library\n")
        env = dict(self.env, LD_LIBRARY_PATH=fake)
        out = os.path.join(self.tmp, "out-missing")
        for args in (["path", "laos", "japan", "-f", "svg"], ["build", "--out", out]):
            with self.subTest(args=args):
                result = run(*args, cwd=self.project, env=env)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertEqual(result.stdout, "")
                self.assertRegex(result.stderr, r"error: cannot draw maps: .*libgvc\.so\.6: ")
                self.assertNotIn("signal", result.stderr)
        self.assertFalse(os.path.exists(out))
        # Text needs none of it.
        result = run("path", "laos", "japan", cwd=self.project, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Laos → Japan", result.stdout)


if __name__ == "__main__":
    unittest.main()
