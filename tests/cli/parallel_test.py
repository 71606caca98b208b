"""build and report lay out several maps at once (--jobs): the same output
as one at a time, also where Graphviz crashes in one of the children, and a
signal kills every child and leaves out/ as it was. After an edit, only the
maps it changed are laid out again."""

import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

import relmap_run
from relmap_run import RELMAP, run


def generate(root, relations, seed=1):
    subprocess.run([sys.executable, relmap_run.GENERATOR, root, "--relations", str(relations), "--seed", str(seed)],
                   check=True, capture_output=True)


def keep_only(root, sources):
    """Reduce a generated corpus to the articles of `sources`, and the actors
    they link defined in other articles (those articles' relations dropped)."""
    articles = os.path.join(root, "data", "articles")
    texts = {}
    for name in os.listdir(articles):
        with open(os.path.join(articles, name), encoding="utf-8") as f:
            texts[name] = f.read()
    docs = {name: yaml.safe_load(text) for name, text in texts.items()}
    kept = {name for name, doc in docs.items() if doc["source"] in sources}
    linked = {end for name in kept for r in docs[name].get("relations") or [] for end in (r["from"], r["to"])}
    for name, doc in docs.items():
        if name in kept:
            continue
        path = os.path.join(articles, name)
        if {e["id"] for e in doc.get("entities") or []} & linked:
            with open(path, "w", encoding="utf-8") as f:
                f.write(texts[name][:texts[name].index("\nrelations:")] + "\nrelations: []\n")
        else:
            os.remove(path)


def read_bytes(path):
    """The bytes of the file at `path`."""
    with open(path, "rb") as f:
        return f.read()


def tree(folder):
    """Every file under `folder`, by its path there, with its bytes."""
    out = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class Corpus:
    """A generated project in a folder of its own, with TMPDIR beside it."""

    def __init__(self, tmp, relations, keep=None):
        self.root = os.path.join(tmp, "corpus")
        generate(self.root, relations)
        if keep:
            keep_only(self.root, keep)
        os.mkdir(os.path.join(tmp, "tmp"))
        self.env = dict(os.environ, TMPDIR=os.path.join(tmp, "tmp"))

    def build(self, *args, fresh=True):
        """relmap build with `args`, from no kept layouts when `fresh`."""
        if fresh:
            subprocess.run(["rm", "-rf", os.path.join(self.root, ".relmap-cache")], check=True)
        return run("build", *args, cwd=self.root, env=self.env, timeout=600)


class SameOutputTest(unittest.TestCase):
    def assert_same_edition(self, corpus, command="build"):
        runs = {}
        for jobs in ("1", "3"):
            subprocess.run(["rm", "-rf", os.path.join(corpus.root, ".relmap-cache")], check=True)
            r = run(command, "--jobs", jobs, "--out", "out-" + jobs, cwd=corpus.root, env=corpus.env, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            runs[jobs] = r
        one, three = (tree(os.path.join(corpus.root, "out-" + j)) for j in ("1", "3"))
        self.assertEqual(sorted(one), sorted(three))
        self.assertEqual([p for p in one if one[p] != three[p]], [])
        self.assertEqual(runs["1"].stderr, runs["3"].stderr)  # the same warnings, in the same order
        return one, runs["1"].stderr

    def test_three_jobs_write_what_one_writes(self):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Corpus(tmp, 1000)
            files, _ = self.assert_same_edition(corpus)
            self.assertGreater(sum(p.startswith("maps/") and p.endswith(".svg") for p in files), 20)
            self.assert_same_edition(corpus, "report")

    def test_a_map_dot_dies_on_among_others_is_drawn_as_one_job_draws_it(self):
        # dot's child dies on the second part of this source's map
        # (RELMAP_LAYOUT_FAULT, as cli_test.LayoutCrashTest); its
        # neighbours' maps are laid out beside it.
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Corpus(tmp, 10000, keep={"src-000229", "src-000228", "src-000230", "src-000100"})
            corpus.env["RELMAP_LAYOUT_FAULT"] = "source-src-000229-part-2"
            files, stderr = self.assert_same_edition(corpus)
            self.assertIn("maps/source-src-000229.svg", files)
            self.assertIn(b'id="source-src-000229-part-2--', files["maps/source-src-000229.svg"])
            crashes = [line for line in stderr.splitlines() if "during layout" in line]
            self.assertTrue(crashes, stderr)
            for line in crashes:
                self.assertEqual(line, "warning: Graphviz was killed by signal 11 during layout with engine 'dot' "
                                       "of the map 'source-src-000229-part-2'; it is drawn with neato instead")
            # The crash is kept with the map's drawings: the next edition
            # draws the map with neato at once, with the same warning and the
            # same files, and does not lay it out with dot again (which
            # would not crash without RELMAP_LAYOUT_FAULT).
            kept = glob.glob(os.path.join(corpus.root, ".relmap-cache", "*", "drawn-source-src-000229*.bin"))
            self.assertTrue(any(b"relmap: the layout died: was killed by signal 11" in read_bytes(p) for p in kept),
                            kept)
            del corpus.env["RELMAP_LAYOUT_FAULT"]
            r = run("build", "--jobs", "3", "--out", "out-3", cwd=corpus.root, env=corpus.env, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, stderr)
            again = tree(os.path.join(corpus.root, "out-3"))
            maps = sorted(p for p in files if p.startswith("maps/"))
            self.assertIn("maps/source-src-000229.svg", maps)
            self.assertEqual([p for p in maps if again.get(p) != files[p]], [])

    def test_jobs_must_be_a_positive_number(self):
        r = run("build", "--jobs", "0", cwd=relmap_run.ROOT)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--jobs", r.stderr)


class KeptDrawingsTest(unittest.TestCase):
    """A map whose layout job is the same as in the last edition takes the
    drawing kept then, and draws what a layout would draw."""

    def drawings(self, root):
        """The kept drawings files, by map, with their stamps."""
        return {os.path.basename(p): (os.stat(p).st_ino, os.stat(p).st_mtime_ns)
                for p in glob.glob(os.path.join(root, ".relmap-cache", "*", "drawn-*.bin"))}

    def test_after_an_edit_only_the_maps_it_changed_are_laid_out_again(self):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Corpus(tmp, 1000)
            r = corpus.build("--jobs", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            first = self.drawings(corpus.root)
            self.assertGreater(len(first), 20)
            # One article's quote changes (as tests/bench/bench.py edits one).
            articles = os.path.join(corpus.root, "data", "articles")
            name = sorted(os.listdir(articles))[10]
            path = os.path.join(articles, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            source = re.search(r"^source: (\S+)$", text, re.M).group(1)
            text = re.sub(r"evidence: ([^\"'\n{}]+)", lambda m: 'evidence: "' + m.group(1) + ', it said"', text,
                          count=1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            kept = os.path.join(tmp, "kept")
            shutil.copytree(os.path.join(corpus.root, ".relmap-cache"), kept)
            time.sleep(0.01)
            r = corpus.build("--jobs", "2", "--out", "again", fresh=False)
            self.assertEqual(r.returncode, 0, r.stderr)
            second = self.drawings(corpus.root)
            redrawn = sorted(m for m in second if first.get(m) != second[m])
            self.assertIn(f"drawn-source-{source}.bin", redrawn)
            self.assertEqual(set(redrawn) - {f"drawn-source-{source}.bin", "drawn-relmap.bin", "drawn-changes.bin"},
                             set())
            # Drawn afresh from the same kept layouts: the same edition.
            shutil.rmtree(os.path.join(corpus.root, ".relmap-cache"))
            shutil.copytree(kept, os.path.join(corpus.root, ".relmap-cache"))
            for p in glob.glob(os.path.join(corpus.root, ".relmap-cache", "*", "drawn-*.bin")):
                os.remove(p)
            r = corpus.build("--jobs", "2", "--out", "afresh", fresh=False)
            self.assertEqual(r.returncode, 0, r.stderr)
            again, afresh = (tree(os.path.join(corpus.root, d)) for d in ("again", "afresh"))
            self.assertIn("maps/changes.svg", again)
            self.assertEqual(sorted(again), sorted(afresh))
            self.assertEqual([p for p in again if again[p] != afresh[p]], [])


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class SignalTest(unittest.TestCase):
    """A signal during a build of several maps at once kills every layout
    child, ends relmap by that signal, and leaves out/ as it was."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.corpus = Corpus(cls.tmp.name, 2000)
        r = cls.corpus.build("--jobs", "2")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def interrupt(self, send, reaped_before_exit=False):
        """Send a signal (`send`) to a build while two layouts run; returns its exit code."""
        before = tree(os.path.join(self.corpus.root, "out"))
        listing = sorted(os.listdir(self.corpus.root))
        # Another theme: every map is drawn again.
        p = subprocess.Popen([RELMAP, "build", "--jobs", "2", "--theme", "dark"], cwd=self.corpus.root,
                             env=self.corpus.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        spawners, layouts, deadline = set(), set(), time.monotonic() + 120
        # Wait for two layouts under way: children of relmap's children.
        while p.poll() is None and time.monotonic() < deadline and len(layouts) < 2:
            spawners = children_of({p.pid})
            layouts = children_of(spawners)
            time.sleep(0.01)
        self.assertEqual(len(layouts), 2, "the build ended before two layouts ran at once")
        send(p)
        p.wait(timeout=60)
        if reaped_before_exit:
            self.assertEqual([c for c in layouts if alive(c)], [])
        gone = time.monotonic() + 10
        while any(alive(c) for c in spawners | layouts) and time.monotonic() < gone:
            time.sleep(0.05)
        self.assertEqual([c for c in spawners | layouts if alive(c)], [])
        self.assertEqual(tree(os.path.join(self.corpus.root, "out")), before)
        self.assertEqual(sorted(os.listdir(self.corpus.root)), listing)
        return p.returncode

    def test_ctrl_c_kills_every_child(self):
        code = self.interrupt(lambda p: os.killpg(p.pid, signal.SIGINT))  # as a terminal's Ctrl-C
        self.assertEqual(code, -signal.SIGINT)

    def test_sigterm_to_relmap_alone_kills_and_reaps_every_child_first(self):
        code = self.interrupt(lambda p: p.send_signal(signal.SIGTERM), reaped_before_exit=True)
        self.assertEqual(code, -signal.SIGTERM)

    def test_kill_9_takes_every_child_with_relmap(self):
        # (relmap's own end is sure; what is checked is its children's.)
        self.interrupt(lambda p: p.send_signal(signal.SIGKILL))


def children_of(parents):
    """The processes whose parent is one of `parents`."""
    out = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) in parents:
                    out.add(int(name))
        except OSError:
            pass
    return out


if __name__ == "__main__":
    unittest.main()
