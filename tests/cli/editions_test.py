"""Successive editions: the summary overview of a large corpus, layouts kept
from one edition to the next, and what changed between editions."""

import glob
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import relmap_run
from relmap_run import RELMAP
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))

NEW_ARTICLE = """source: src-900
entities:
  - id: src-900
    type: source
    name: A new agency cooperates with Vietnam
    file: 900_test.txt
  - id: test-new-agency
    type: government_body
    kind: agency
    name: New Test Agency
relations:
  - {from: test-new-agency, type: part_of, to: japan, evidence: a new agency of Japan}
  - {from: test-new-agency, type: cooperates_with, to: vn-mps, evidence: cooperates with the Ministry of Public Security}
"""


def yaml_load(stream):
    import yaml
    return yaml.safe_load(stream)


def run(*args, cwd=None, env=None):
    return relmap_run.run(*args, cwd=cwd, env=env, timeout=600)


def private_tmpdir(tmp):
    """An environment whose TMPDIR is a new empty folder of the test's own."""
    folder = os.path.join(tmp, "tmpdir")
    os.mkdir(folder)
    return folder, dict(os.environ, TMPDIR=folder)


def project(tmp, name="p"):
    """A copy of the curated data as a project of its own."""
    root = os.path.join(tmp, name)
    os.makedirs(root)
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(root, "data"))
    shutil.copy(os.path.join(ROOT, "graph-schema.yaml"), root)
    return root


def add_article(root):
    with open(os.path.join(root, "data", "articles", "900-test.yaml"), "w") as f:
        f.write(NEW_ARTICLE)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def node_places(svg):
    """Each actor's label position in an SVG map: {node id: (x, y)} (in a
    map split into parts, the actors of each part, not the nodes standing
    for other parts)."""
    places = {}
    for m in re.finditer(r'<g id="([^"]*)" class="node(?! stand-in)[^"]*">', svg):
        t = re.compile(r'<text[^>]* x="([-\d.]+)" y="([-\d.]+)"').search(svg, m.end())
        places[html.unescape(m.group(1))] = (float(t.group(1)), float(t.group(2)))
    return places


def build(root, *extra, engine="neato"):
    """Build with maps drawn whole (--whole): what stays steady between
    editions is the layout of a map, which a map split for its page draws
    in parts laid out afresh."""
    r = run("build", "--whole", "--engine", engine, *extra, cwd=root)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return r


class SummaryMapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = os.path.join(cls.tmp.name, "corpus")
        subprocess.run([sys.executable, relmap_run.GENERATOR, cls.root,
                        "--relations", "2000"], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def relations_by_pair(self):
        """Every relation of the corpus between two actors, (from, to, type)
        by unordered pair, and the ids of each actor's name."""
        pairs, ids = {}, {}
        for path in sorted(glob.glob(os.path.join(self.root, "data", "**", "*.yaml"), recursive=True)):
            with open(path, encoding="utf-8") as f:
                doc = yaml_load(f) or {}
            for e in doc.get("entities") or []:
                ids.setdefault(e["name"], set()).add(e["id"])
            for r in doc.get("relations") or []:
                pairs.setdefault(frozenset((r["from"], r["to"])), []).append((r["from"], r["to"], r["type"]))
        return pairs, ids

    def test_summary_lines_are_coloured_by_their_pairs_dominant_type(self):
        r = run("build", cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        svg = read(os.path.join(self.root, "out", "relmap.svg"))
        with open(os.path.join(relmap_run.ROOT, "graph-schema.yaml"), encoding="utf-8") as f:
            colours = {name: t["style"]["color"] for name, t in yaml_load(f)["relation_types"].items()}
        pairs, ids = self.relations_by_pair()
        # The drawing names nodes by a slug of the id: back to ids by their names.
        id_of = {}
        for m in re.finditer(r'class="node[^"]*">\s*<title>([^<]*)</title>\s*<g id="[^"]*"><a xlink:title="([^"]*) \([^"(]*\)"', svg):
            named = ids.get(html.unescape(m.group(2)), set())
            if len(named) == 1:
                id_of[html.unescape(m.group(1))] = next(iter(named))
        widths, checked, not_first = [], 0, 0
        for m in re.finditer(r'<g id="[^"]*" class="edge ([^"]*)">\s*<title>([^<]*)</title>(.*?)(?=\n<!--|\n</g>\n</svg>)', svg, re.S):
            classes, ends, body = html.unescape(m.group(1)).split(), html.unescape(m.group(2)).split("->"), m.group(3)
            self.assertIn("bundle", classes)
            if not all(end in id_of for end in ends):
                continue  # an actor whose name is not its own
            ends = [id_of[end] for end in ends]
            relations = pairs[frozenset(ends)]
            counts = {}
            for _, _, kind in relations:
                counts[kind] = counts.get(kind, 0) + 1
            top = max(counts, key=counts.get)
            dominant = top if 2 * counts[top] > len(relations) else None
            self.assertIn("r-" + (dominant or "mixed"), classes, f"{ends}: {counts}")
            stroke = re.search(r'<path fill="none" stroke="([^"]+)"', body).group(1)
            self.assertEqual(stroke, colours[dominant] if dominant else "#555555", f"{ends}: {counts}")
            one_way = all((a, b) == tuple(ends) for a, b, _ in relations) and dominant != "cooperates_with"
            arrowheads = len(re.findall(r"<polygon", body))
            if not all((a, b) == tuple(ends) for a, b, _ in relations):
                self.assertIn("two-way", classes)
                self.assertEqual(arrowheads, 0, f"{ends}: relations both ways, drawn with an arrowhead")
            width = float(re.search(r'stroke-width="([\d.]+)"', body).group(1)) if "stroke-width" in body else 1.0
            widths.append((len(relations), width))
            not_first += relations[0][2] != (dominant or relations[0][2])
            checked += 1
        self.assertGreater(checked, 10)
        # The issue this guards against: lines drawn as their pair's first relation.
        self.assertGreater(not_first, 0, "no pair whose first relation is not of its dominant type")
        widths.sort()
        for (n1, w1), (n2, w2) in zip(widths, widths[1:]):
            if n2 > n1:
                self.assertGreaterEqual(w2, w1, "wider for more relations")
        self.assertGreater(widths[-1][1], widths[0][1])

    def test_large_corpus_gets_a_summary_overview(self):
        r = run("build", cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        svg = read(os.path.join(self.root, "out", "relmap.svg"))
        title = re.search(r'<title id="relmap(-part-1)?--title">([^<]*)</title>', svg).group(2)
        self.assertRegex(title, r"^Summary: the \d+ strongest links among the 30 most connected of \d+ actors")
        drawn = len(node_places(svg))
        if drawn < 30:
            self.assertIn(f", which join {drawn} of them", title)
        self.assertLessEqual(len(node_places(svg)), 30)
        self.assertIn("chosen by degree", svg)
        # Links carry their counts; the report says how the map was chosen.
        self.assertRegex(svg, r"\d+\u00d7 [a-z]")
        self.assertIn("relmap build --full-map", read(os.path.join(self.root, "out", "report.html")))
        # Per-source maps stay full.
        source_maps = os.listdir(os.path.join(self.root, "out", "maps"))
        self.assertTrue(any(name.startswith("source-") for name in source_maps))

    def test_full_map_on_request(self):
        out = os.path.join(self.tmp.name, "full")
        r = run("build", "--full-map", "--out", out, cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        svg = read(os.path.join(out, "relmap.svg"))
        self.assertIn('<title id="relmap--title">Relationship map</title>', svg)
        self.assertGreater(len(node_places(svg)), 300)

    def test_small_corpus_keeps_the_full_overview(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            r = run("build", cwd=root)
            self.assertEqual(r.returncode, 0, r.stderr)
            svg = read(os.path.join(root, "out", "relmap.svg"))
            # Every actor, whole or in parts for its page; no summary.
            self.assertRegex(svg, r'<title id="relmap(-part-1)?--title">Relationship map[ <]')
            self.assertNotIn("Summary", svg)


class StableLayoutTest(unittest.TestCase):
    """Maps drawn with neato (here by --engine neato; by default the larger
    ones) keep their actors where they were; maps drawn with dot keep each
    actor's column and its place in the column's order."""

    def test_adding_an_article_keeps_actors_in_place(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            build(root)
            out = os.path.join(root, "out")
            before = {name: read(os.path.join(out, "maps", name)) for name in os.listdir(os.path.join(out, "maps"))
                      if name.endswith(".svg")}
            overview_before = node_places(read(os.path.join(out, "relmap.svg")))
            add_article(root)
            build(root)
            # Every per-source map whose facts did not change is drawn with its
            # actors where they were.
            for name, svg in before.items():
                after = read(os.path.join(out, "maps", name))
                self.assertEqual(node_places(after), node_places(svg), name)
            # On the overview the actors drawn before stay put; the new one is added.
            # (Within the half point a first layout is rounded to for keeping.)
            overview_after = node_places(read(os.path.join(out, "relmap.svg")))
            moved = [n for n, (x, y) in overview_before.items()
                     if n not in overview_after or max(abs(overview_after[n][0] - x), abs(overview_after[n][1] - y)) > 0.5]
            self.assertEqual(moved, [])
            self.assertIn("relmap--n-test-new-agency", overview_after)

    def test_an_article_removed_and_added_back_brings_back_the_earlier_maps(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            out = os.path.join(root, "out")

            def maps():
                svgs = {"relmap.svg": read(os.path.join(out, "relmap.svg"))}
                for name in os.listdir(os.path.join(out, "maps")):
                    if name.endswith(".svg") and name != "changes.svg":
                        svgs[name] = read(os.path.join(out, "maps", name))
                return {name: node_places(svg) for name, svg in svgs.items()}

            build(root, engine="auto")
            first = maps()
            articles = os.path.join(root, "data", "articles")
            article = sorted(os.listdir(articles))[-1]
            shutil.move(os.path.join(articles, article), tmp)
            build(root, engine="auto")
            without = maps()
            shutil.move(os.path.join(tmp, article), articles)
            build(root, engine="auto")
            again = maps()
            # The overview changed while the article was away, and is drawn
            # again as it was; so is every source map.
            self.assertNotEqual(without["relmap.svg"], first["relmap.svg"])
            self.assertEqual(sorted(again), sorted(first))
            for name, places in first.items():
                self.assertEqual(again[name], places, name)

    def test_dot_maps_keep_columns_and_order(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "corpus")
            subprocess.run([sys.executable, relmap_run.GENERATOR, root,
                            "--relations", "200"], check=True, capture_output=True)
            articles = os.path.join(root, "data", "articles")
            last = sorted(os.listdir(articles))[-1]
            shutil.move(os.path.join(articles, last), tmp)
            build(root, engine="dot")
            before = node_places(read(os.path.join(root, "out", "relmap.svg")))
            shutil.move(os.path.join(tmp, last), articles)
            build(root, engine="dot")
            after = node_places(read(os.path.join(root, "out", "relmap.svg")))
            self.assertGreater(len(set(after) - set(before)), 0)
            common = sorted(set(before) & set(after))

            def relation(a, b):  # -1, 0 or 1: before, level with, after
                return 0 if abs(a - b) < 0.5 else (1 if a > b else -1)
            columns_changed, in_a_column, order_kept = [], 0, 0
            for i, p in enumerate(common):
                for q in common[i + 1:]:
                    column = relation(before[p][0], before[q][0])
                    if relation(after[p][0], after[q][0]) != column:
                        columns_changed.append((p, q))
                    elif column == 0:
                        in_a_column += 1
                        order_kept += relation(after[p][1], after[q][1]) == relation(before[p][1], before[q][1])
            # Every actor stays in its column, left or right of the others as
            # before. Within a column dot keeps the order it is given nearly
            # always (laid out afresh, this corpus keeps 40% of its pairs).
            self.assertEqual(columns_changed, [])
            self.assertGreater(in_a_column, 100)
            self.assertGreaterEqual(order_kept / in_a_column, 0.9)

    def test_same_inputs_and_cache_give_the_same_bytes(self):
        for engine in ["neato", "dot"]:
            with self.subTest(engine=engine), tempfile.TemporaryDirectory() as tmp:
                root = project(tmp)
                build(root, engine=engine)
                add_article(root)
                build(root, engine=engine)  # laid out around the first edition's actors
                second = read(os.path.join(root, "out", "relmap.svg"))
                cache = os.path.join(root, ".relmap-cache")
                saved = os.path.join(tmp, "cache")
                shutil.copytree(cache, saved)
                build(root, engine=engine)
                third = read(os.path.join(root, "out", "relmap.svg"))
                self.assertEqual(third, second)  # a rebuild does not move anything
                # Once laid out from its own layouts, a rebuild writes again
                # nothing it keeps: each kept file is the one it was.
                kept = kept_files(cache)
                self.assertTrue(any("/layout-" in p for p in kept) and any("/drawn-" in p for p in kept), kept)
                build(root, engine=engine)
                self.assertEqual(read(os.path.join(root, "out", "relmap.svg")), third)
                after = kept_files(cache)
                self.assertEqual([p for p in kept if after.get(p) != kept[p]], [])
                shutil.rmtree(cache)
                shutil.copytree(saved, cache)
                build(root, engine=engine)
                self.assertEqual(read(os.path.join(root, "out", "relmap.svg")), third)

    def test_a_corrupt_cache_means_a_fresh_layout(self):
        with tempfile.TemporaryDirectory() as tmp:
            fresh = project(tmp, "fresh")
            add_article(fresh)
            build(fresh)
            root = project(tmp, "p")
            build(root)
            add_article(root)
            for dirpath, _, files in os.walk(os.path.join(root, ".relmap-cache")):
                for name in files:
                    if name.startswith("layout-"):
                        with open(os.path.join(dirpath, name), "w") as f:
                            f.write("relmap layout 1\nnot a key\n")
            build(root)
            self.assertEqual(read(os.path.join(root, "out", "relmap.svg")),
                             read(os.path.join(fresh, "out", "relmap.svg")))


def kept_files(cache):
    """The layouts and drawings kept in `cache`: {path: (inode, mtime)}."""
    kept = {}
    for dirpath, _, files in os.walk(cache):
        for name in files:
            if name.startswith(("layout-", "drawn-")):
                st = os.stat(os.path.join(dirpath, name))
                kept[os.path.join(dirpath, name)] = (st.st_ino, st.st_mtime_ns)
    return kept


def second_edition(root):
    """The new article as revised: one relation's evidence changed, one
    relation dropped, an actor and a relation added."""
    text = NEW_ARTICLE.replace("a new agency of Japan", "the new agency of Japan")
    text = text.replace("  - {from: test-new-agency, type: cooperates_with, to: vn-mps, evidence: cooperates with the "
                        "Ministry of Public Security}\n", "")
    text = text.replace("relations:\n", """  - {id: test-second-agency, type: government_body, kind: agency, name: Second Test Agency}
relations:
  - {from: test-second-agency, type: cooperates_with, to: test-new-agency, evidence: works with the new agency}
""")
    with open(os.path.join(root, "data", "articles", "900-test.yaml"), "w") as f:
        f.write(text)


def kept_layout(root, name):
    """The positions the build kept for map `name`: {node: (x, y)}."""
    [path] = glob.glob(os.path.join(root, ".relmap-cache", "*", "layout-" + name + ".txt"))
    places = {}
    for line in read(path).splitlines()[2:]:
        if line == "from":
            break
        node, x, y = line.split()
        places[node] = (int(x), int(y))
    return places


def shape_centres(svg, prefix):
    """Each actor's shape centre (the middle of its outline's extent) in an
    SVG map: {node id without `prefix`: (x, y)}."""
    svg = html.unescape(svg)
    centres = {}
    for m in re.finditer(r'<g id="' + re.escape(prefix) + r'([^"]*)" class="node(?! stand-in)[^"]*">', svg):
        shape = re.compile(r'<(polygon|ellipse|path) ([^>]*)>').search(svg, m.end()).group(2)
        if "cx=" in shape:
            centres[m.group(1)] = (float(re.search(r'cx="([-\d.]+)"', shape).group(1)),
                                   float(re.search(r'cy="([-\d.]+)"', shape).group(1)))
            continue
        outline = re.search(r'(?:points|d)="([^"]*)"', shape).group(1)
        numbers = [float(n) for n in re.findall(r'-?\d+(?:\.\d+)?', outline)]
        xs, ys = numbers[0::2], numbers[1::2]
        centres[m.group(1)] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return centres


def spread_between(before, after):
    """The one factor and shift that take each (x, y) of `before` to `after`
    (fitted on the two actors farthest apart across), and the largest miss."""
    names = sorted(after, key=lambda n: before[n][0])
    a, b = names[0], names[-1]
    scale = (after[b][0] - after[a][0]) / (before[b][0] - before[a][0])
    dx = after[a][0] - scale * before[a][0]
    dy = after[a][1] - scale * before[a][1]
    miss = max(max(abs(after[n][0] - (scale * before[n][0] + dx)), abs(after[n][1] - (scale * before[n][1] + dy)))
               for n in after)
    return scale, miss


def kept_spread(before, after):
    """The one factor that takes each kept position (x, y) of `before` to
    `after` (which keeps positions at the overview's times it: no shift),
    fitted by least squares, and the largest miss."""
    scale = (sum(after[n][0] * before[n][0] + after[n][1] * before[n][1] for n in after) /
             sum(before[n][0] ** 2 + before[n][1] ** 2 for n in after))
    miss = max(max(abs(after[n][0] - scale * before[n][0]), abs(after[n][1] - scale * before[n][1])) for n in after)
    return scale, miss


def third_edition(root):
    """The new article as replaced: its agency and both its relations
    removed, a relation of Japan with Vietnam's ministry added."""
    text = NEW_ARTICLE.split("  - id: test-new-agency")[0] + """relations:
  - {from: japan, type: cooperates_with, to: vn-mps, evidence: Japan cooperates with the Ministry of Public Security}
"""
    with open(os.path.join(root, "data", "articles", "900-test.yaml"), "w") as f:
        f.write(text)


class DiffTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.old = project(cls.tmp.name, "old")
        cls.new = project(cls.tmp.name, "new")
        add_article(cls.old)
        second_edition(cls.new)
        cls.schema = os.path.join(cls.old, "graph-schema.yaml")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def diff(self, old, new, *extra):
        r = run("diff", "--schema", self.schema, os.path.join(old, "data"), os.path.join(new, "data"), *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_text_lists_each_change_with_its_source(self):
        out = self.diff(self.old, self.new)
        self.assertEqual(out.splitlines(), [
            "1 actors added, 0 removed, 0 changed; 1 relations added, 1 removed, 1 changed.",
            "+ actor Second Test Agency (Government body), cited in src-900",
            "- relation New Test Agency cooperates with Ministry of Public Security (Vietnam) [src-900] (stated): "
            "\u201ccooperates with the Ministry of Public Security\u201d",
            "~ relation New Test Agency part of Japan [src-900] (stated): evidence: \u201ca new agency of Japan\u201d "
            "\u2192 \u201cthe new agency of Japan\u201d",
            "+ relation Second Test Agency cooperates with New Test Agency [src-900] (stated): "
            "\u201cworks with the new agency\u201d",
        ])
        self.assertEqual(self.diff(self.old, self.new), out)  # deterministic

    def test_reversed_diff_lists_removals(self):
        lines = self.diff(self.new, self.old).splitlines()
        self.assertIn("- actor Second Test Agency (Government body), cited in src-900", lines)
        self.assertIn("+ relation New Test Agency cooperates with Ministry of Public Security (Vietnam) [src-900] (stated): "
                      "\u201ccooperates with the Ministry of Public Security\u201d", lines)

    def test_json(self):
        out = json.loads(self.diff(self.old, self.new, "--json"))
        self.assertEqual([(r["from"], r["relation"], r["to"], r["source"]) for r in out["relations"]["added"]],
                         [("test-second-agency", "cooperates_with", "test-new-agency", "src-900")])
        self.assertEqual([r["to"] for r in out["relations"]["removed"]], ["vn-mps"])
        self.assertEqual(out["relations"]["changed"][0]["before"]["evidence"], "a new agency of Japan")
        self.assertEqual(out["relations"]["changed"][0]["after"]["evidence"], "the new agency of Japan")
        self.assertEqual([a["id"] for a in out["actors"]["added"]], ["test-second-agency"])
        # Beside the ids, the names and labels the text says.
        self.assertEqual([(a["name"], a["type_label"]) for a in out["actors"]["added"]],
                         [("Second Test Agency", "Government body")])
        self.assertEqual([(r["from_name"], r["label"], r["to_name"]) for r in out["relations"]["added"]],
                         [("Second Test Agency", "cooperates with", "New Test Agency")])

    def test_basis_role_and_kinds_of_entity_are_said(self):
        with tempfile.TemporaryDirectory() as tmp:
            old, new = project(tmp, "old"), project(tmp, "new")
            add_article(old)
            text = NEW_ARTICLE.replace("evidence: a new agency of Japan}", "basis: implied, evidence: a new agency of Japan}")
            text = text.replace("relations:\n", """  - {id: test-accord, type: agreement, kind: agreement, name: Test Accord}
relations:
  - {from: test-new-agency, type: party_to, to: test-accord, evidence: the agency signed the Test Accord}
  - {from: to-lam, type: holds_position, to: test-new-agency, role: adviser, evidence: "To Lam, adviser"}
""")
            with open(os.path.join(new, "data", "articles", "900-test.yaml"), "w") as f:
                f.write(text)
            lines = self.diff(old, new).splitlines()
            # An agreement is called an agreement, not an actor; each relation says its basis.
            self.assertIn("+ agreement Test Accord, cited in src-900", lines)
            self.assertIn("~ relation New Test Agency part of Japan [src-900] (implied): basis: \u201cstated\u201d "
                          "\u2192 \u201cimplied\u201d", lines)
            self.assertIn("+ relation To Lam holds position at New Test Agency [src-900] (stated): "
                          "\u201cTo Lam, adviser\u201d", lines)
            with open(os.path.join(old, "data", "articles", "900-test.yaml"), "w") as f:
                f.write(text.replace("role: adviser", "role: To Lam").replace("name: New Test Agency\n",
                                                                             "name: New Test Agency\n    aliases: [NTA]\n"))
            lines = self.diff(old, new).splitlines()
            self.assertIn("~ actor New Test Agency: alias: \u201cNTA\u201d \u2192 \u201c\u201d (cited in src-900)", lines)
            self.assertIn("~ relation To Lam holds position at New Test Agency [src-900] (stated): role: \u201cTo Lam\u201d "
                          "\u2192 \u201cadviser\u201d", lines)

    def test_identical_folders_have_no_changes(self):
        self.assertEqual(self.diff(self.old, self.old),
                         "0 actors added, 0 removed, 0 changed; 0 relations added, 0 removed, 0 changed.\n")

    def git(self, root, *args):
        r = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                           cwd=root, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_git_revisions_are_editions(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            sub = os.path.join(root, "data", "articles")
            temp, env = private_tmpdir(tmp)

            def git(*args):
                self.git(root, *args)

            git("init", "-q")
            git("add", "-A")
            git("commit", "-qm", "first edition")
            add_article(root)
            git("add", "-A")
            git("commit", "-qm", "second edition")
            second_edition(root)  # the working folder: a third edition, not committed
            folders = self.diff(self.old, self.new)
            for old, new, cwd in (("HEAD", "data", root), ("HEAD", "../../data", sub)):
                r = run("diff", old, new, cwd=cwd)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, folders)  # the same changes as between the folders
            r = run("diff", "HEAD~1", "HEAD", cwd=sub)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("+ relation New Test Agency part of Japan [src-900] (stated): "
                          "\u201ca new agency of Japan\u201d", r.stdout.splitlines())
            self.assertEqual(run("diff", "HEAD", "HEAD", cwd=root).stdout,
                             "0 actors added, 0 removed, 0 changed; 0 relations added, 0 removed, 0 changed.\n")
            # A broken file of a revision is named as git names it.
            with open(os.path.join(sub, "900-test.yaml"), "a") as f:
                f.write("- {broken\n")
            git("commit", "-qam", "broken")
            r = run("diff", "HEAD~1", "HEAD", cwd=root)
            self.assertEqual(r.returncode, 1)
            self.assertRegex(r.stderr, r"^HEAD:data/articles/900-test\.yaml:\d+:\d+: error: ")
            r = run("diff", "no-such-revision", "HEAD", cwd=root, env=env)
            self.assertEqual(r.returncode, 1)
            self.assertIn("error: 'no-such-revision' is neither a folder nor a revision of the git repository",
                          r.stderr)
            # Revisions are read through git: nothing is put in the temp folder,
            # also when a closed pipe ends the run.
            # (The pipe's reading end is closed before relmap starts, so its
            # first write gets SIGPIPE however fast it writes.)
            read_end, write_end = os.pipe()
            os.close(read_end)
            try:
                r = subprocess.run([RELMAP, "diff", "HEAD~2", "HEAD~1"], cwd=root, env=env, stdout=write_end,
                                   stderr=subprocess.PIPE, timeout=600)
            finally:
                os.close(write_end)
            self.assertEqual(r.returncode, -signal.SIGPIPE, r.stderr)
            self.assertEqual(os.listdir(temp), [])

    def test_a_revision_cannot_reach_outside_its_tree(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            self.git(root, "init", "-q")
            self.git(root, "add", "-A")
            self.git(root, "commit", "-qm", "first edition")
            # Files of the host, which a branch links to.
            host = os.path.join(tmp, "host")
            os.makedirs(os.path.join(host, "folder"))
            with open(os.path.join(host, "secret.yaml"), "w") as f:
                f.write("password: hunter2-secret-line\n")
            with open(os.path.join(host, "folder", "facts.yaml"), "w") as f:
                f.write(NEW_ARTICLE)
            data = os.path.join(root, "data")
            os.symlink(os.path.join(host, "secret.yaml"), os.path.join(data, "x.yaml"))
            os.symlink(os.path.join(host, "folder"), os.path.join(data, "leak"))
            os.symlink("../../../host/secret.yaml", os.path.join(data, "up.yml"))
            self.git(root, "add", "-A")
            self.git(root, "commit", "-qm", "links out")
            r = run("diff", "HEAD~1", "HEAD", cwd=root)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, "")
            # Each link named as git names it, with where it leads past the tree.
            self.assertEqual(r.stderr.splitlines(), [
                "HEAD:data/leak: error: a link to '" + os.path.join(host, "folder") +
                "', outside the revision: not followed",
                "HEAD:data/up.yml: error: a link to '../../host/secret.yaml', outside the revision: not followed",
                "HEAD:data/x.yaml: error: a link to '" + os.path.join(host, "secret.yaml") +
                "', outside the revision: not followed"])
            # In the working folder the links are the user's own and are read.
            r = run("validate", cwd=root)
            self.assertIn("data/x.yaml:1:1: error:", r.stderr)
            # A link within the tree to a file is read as that file; to a folder it is an error.
            for name in ("x.yaml", "leak", "up.yml"):
                os.unlink(os.path.join(data, name))
            os.mkdir(os.path.join(root, "kept"))
            with open(os.path.join(root, "kept", "new.yaml"), "w") as f:
                f.write(NEW_ARTICLE)
            os.symlink("../../kept/new.yaml", os.path.join(data, "articles", "900-test.yaml"))
            self.git(root, "add", "-A")
            self.git(root, "commit", "-qm", "a link inside")
            r = run("diff", "HEAD~2", "HEAD", cwd=root)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("+ actor New Test Agency (Government body), cited in src-900",
                          r.stdout.splitlines())
            os.symlink("../kept", os.path.join(data, "more"))
            self.git(root, "add", "-A")
            self.git(root, "commit", "-qm", "a link to a folder")
            r = run("diff", "HEAD~1", "HEAD", cwd=root)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr,
                             "HEAD:data/more: error: a link to a folder: a revision's links are followed to files only\n")
            # A revision without data/ is an error, not an edition with no facts.
            self.git(root, "rm", "-rq", "data")
            self.git(root, "commit", "-qm", "no data")
            r = run("diff", "HEAD", "HEAD~1", cwd=root)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, "error: revision 'HEAD' has no data\n")

    def test_report_says_what_changed_since_the_previous_edition(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            self.assertEqual(run("build", cwd=root).returncode, 0)
            report = os.path.join(root, "out", "report.html")
            self.assertNotIn("Changes since the previous edition", read(report))
            add_article(root)
            for _ in range(2):  # a rebuild of the same facts still says what changed
                r = run("build", cwd=root)
                self.assertEqual(r.returncode, 0, r.stderr)
                html_text = read(report)
                self.assertIn("<h2>Changes since the previous edition</h2>", html_text)
                self.assertIn("+ relation New Test Agency part of Japan [src-900] (stated)", html_text)
                self.assertIn("## Changes since the previous edition", read(os.path.join(root, "out", "report.md")))
                changes = read(os.path.join(root, "out", "maps", "changes.svg"))
                places = node_places(changes)
                self.assertEqual(sorted(places), ["changes--n-japan", "changes--n-test-new-agency", "changes--n-vn-mps"])
                self.assertNotIn("muted", re.search(r'<g id="changes--n-test-new-agency" class="([^"]*)"',
                                                    html.unescape(changes)).group(1))

    def test_the_changes_map_is_drawn_on_the_overviews_places(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            build(root)
            add_article(root)
            build(root)
            out = os.path.join(root, "out")
            # The positions kept: every actor of the changes map where the
            # overview, laid out whole, has it, at one spread for all.
            overview, changes = kept_layout(root, "relmap.neato"), kept_layout(root, "changes.neato")
            self.assertEqual(sorted(changes), ["japan", "test-new-agency", "vn-mps"])
            scale, miss = kept_spread(overview, changes)
            self.assertGreater(scale, 0)
            self.assertLessEqual(scale, 1)
            self.assertLessEqual(miss, 1)  # whole points, rounded
            # As drawn: the actors' shapes in the changes map where they are in the overview.
            drawn_overview = shape_centres(read(os.path.join(out, "relmap.svg")), "relmap--n-")
            drawn_changes = shape_centres(read(os.path.join(out, "maps", "changes.svg")), "changes--n-")
            self.assertEqual(sorted(drawn_changes), ["japan", "test-new-agency", "vn-mps"])
            drawn_scale, drawn_miss = spread_between(drawn_overview, drawn_changes)
            self.assertAlmostEqual(drawn_scale, scale, delta=0.01)
            self.assertLessEqual(drawn_miss, 1.5)
            svg = html.unescape(read(os.path.join(out, "maps", "changes.svg")))
            # The added actor and relations emphasised, the actors around them muted.
            self.assertNotIn("muted", re.search(r'<g id="changes--n-test-new-agency" class="([^"]*)"', svg).group(1))
            self.assertIn("muted", re.search(r'<g id="changes--n-japan" class="([^"]*)"', svg).group(1))
            self.assertIn("bold: added since the previous edition", svg)

    def test_a_changes_map_on_the_overviews_places_is_never_split(self):
        # Drawn for its page (not --whole), an article removed and added back:
        # a map on the overview's places is drawn whole; where it cannot be,
        # the additions are drawn instead, laid out afresh, and say so.
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            articles = os.path.join(root, "data", "articles")
            largest = max(sorted(glob.glob(os.path.join(articles, "*.yaml"))), key=os.path.getsize)
            aside = os.path.join(tmp, "aside.yaml")
            for step in ["first", "removed", "added back"]:
                if step == "removed":
                    shutil.move(largest, aside)
                elif step == "added back":
                    shutil.move(aside, largest)
                r = run("build", cwd=root)
                self.assertEqual(r.returncode, 0, r.stderr)
            maps = os.path.join(root, "out", "maps")
            changes = html.unescape(read(os.path.join(maps, "changes.svg")))
            title = re.search(r"<title[^>]*>([^<]*)</title>", changes).group(1)
            if title.startswith("Added since the previous edition"):  # the additions, whole
                self.assertIn("Only the additions are drawn, laid out afresh.", changes)
            else:  # on the overview's places, or the additions in parts, one under the other
                self.assertTrue(title.startswith("Changes since the previous edition"), title)
            # Parts are only ever of the additions drawn afresh.
            for part in glob.glob(os.path.join(maps, "changes-part-*.svg")):
                title = re.search(r"<title[^>]*>([^<]*)</title>", html.unescape(read(part))).group(1)
                self.assertTrue(title.startswith("Added since the previous edition — part "), title)
                self.assertIn("Only the additions are drawn, laid out afresh.", changes)

    def test_removed_actors_and_relations_are_struck_through_where_they_were(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            add_article(root)
            build(root)
            before = kept_layout(root, "relmap.neato")
            third_edition(root)
            build(root)
            out = os.path.join(root, "out")
            svg = html.unescape(read(os.path.join(out, "maps", "changes.svg")))
            # Each element of the map: its id, classes and what it holds up to the next.
            elements = re.findall(r'<g id="changes--([^"]*)" class="([^"]*)">(.*?)(?=<g id="changes--|$)', svg, re.S)
            [removed] = [(c, body) for name, c, body in elements if name == "n-test-new-agency"]
            self.assertIn("removed", removed[0].split())
            self.assertIn("muted", removed[0].split())
            label = re.findall(r'<text ([^>]*)>([^<]*)</text>', removed[1])
            self.assertEqual(" ".join(text for _, text in label), "New Test Agency")
            for attributes, _ in label:
                self.assertIn('text-decoration="line-through"', attributes)
            lines = [(c[len("edge "):], body) for name, c, body in elements if c.startswith("edge ")]
            removed_lines = [(c, body) for c, body in lines if "removed" in c.split()]
            self.assertEqual(sorted(c.split()[0] for c, _ in removed_lines), ["r-cooperates_with", "r-part_of"])
            for _, body in removed_lines:
                self.assertIn('text-decoration="line-through"', body)
            [(added, body)] = [(c, body) for c, body in lines if "removed" not in c.split()]
            self.assertNotIn("muted", added.split())
            self.assertIn('stroke-width="3"', body)
            self.assertIn("struck through: removed since the previous edition", svg)
            # The removed actor where the previous overview had it, at the map's spread.
            overview, changes = kept_layout(root, "relmap.neato"), kept_layout(root, "changes.neato")
            scale, miss = kept_spread(overview, {n: xy for n, xy in changes.items() if n != "test-new-agency"})
            self.assertLessEqual(miss, 1)
            # (Where an actor of the map now stands there, the removed one is
            # placed beside its neighbours instead.)
            x, y = scale * before["test-new-agency"][0], scale * before["test-new-agency"][1]
            at_its_place = max(abs(changes["test-new-agency"][0] - x), abs(changes["test-new-agency"][1] - y)) <= 2
            taken = any(abs(cx - x) < 150 * scale and abs(cy - y) < 70 * scale
                        for n, (cx, cy) in overview.items() if n in changes and n != "test-new-agency")
            self.assertTrue(at_its_place or taken, (changes, before["test-new-agency"], scale))
            # The list says the actor by its name, the relations by names and labels.
            # The same facts built again draw the same changes, the removed actor where it was.
            drawn = read(os.path.join(out, "maps", "changes.svg"))
            build(root)
            self.assertEqual(read(os.path.join(out, "maps", "changes.svg")), drawn)
            markdown = read(os.path.join(out, "report.md"))
            self.assertIn("\n- - actor New Test Agency (Government body), cited in src-900\n", markdown)
            self.assertIn("\n- - relation New Test Agency part of Japan \\[src-900\\] (stated): ", markdown)

    def test_an_edition_that_only_removes_facts_lists_them_without_a_map(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = project(tmp)
            add_article(root)
            self.assertEqual(run("build", cwd=root).returncode, 0)
            os.remove(os.path.join(root, "data", "articles", "900-test.yaml"))
            r = run("build", cwd=root)
            self.assertEqual(r.returncode, 0, r.stderr)
            html_text = read(os.path.join(root, "out", "report.html"))
            self.assertIn("<h2>Changes since the previous edition</h2>", html_text)
            self.assertIn("- relation New Test Agency part of Japan [src-900] (stated)", html_text)
            note = "Nothing was added or changed, so there is no map of the changes"
            # The heading, the counts and the note as one block, no title drawn alone.
            self.assertRegex(html_text, r'<div class="changes-note">\n<h2>Changes since the previous edition</h2>\n'
                                        r'<p>0 actors added, \d+ removed, 0 changed; 0 relations added, \d+ removed, '
                                        r'0 changed\.</p>\n<p>' + note)
            self.assertIn(note, read(os.path.join(root, "out", "report.md")))
            # No bare title drawn as a map, in the report or as a file.
            self.assertFalse(os.path.exists(os.path.join(root, "out", "maps", "changes.svg")))
            self.assertNotIn("maps/changes.svg", html_text)


if __name__ == "__main__":
    unittest.main()
