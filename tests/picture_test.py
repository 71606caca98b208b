"""Maps as pictures: geometry of the SVGs relmap draws from data/ (clusters
hold their members), checked without a browser."""

import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

RELMAP = os.environ["RELMAP"]
ROOT = os.environ["RELMAP_ROOT"]
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")
DATA = os.path.join(ROOT, "data")
SVG = "{http://www.w3.org/2000/svg}"


def run(*args, cwd=None):
    return subprocess.run([RELMAP, *args], capture_output=True, cwd=cwd, timeout=600)


def numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


class Box:
    def __init__(self, left, top, right, bottom):
        self.left, self.top, self.right, self.bottom = left, top, right, bottom

    @staticmethod
    def around(points):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Box(min(xs), min(ys), max(xs), max(ys))

    def inside(self, other, slack=0.5):
        return (self.left >= other.left - slack and self.right <= other.right + slack and
                self.top >= other.top - slack and self.bottom <= other.bottom + slack)

    def overlaps(self, other):
        return (min(self.right, other.right) > max(self.left, other.left) and
                min(self.bottom, other.bottom) > max(self.top, other.top))

    def __repr__(self):
        return f"Box({self.left:.1f}, {self.top:.1f}, {self.right:.1f}, {self.bottom:.1f})"


def shape_points(el):
    """The outline points of a polygon, polyline, ellipse or path."""
    tag = el.tag[len(SVG):]
    if tag in ("polygon", "polyline"):
        n = numbers(el.get("points"))
        return list(zip(n[0::2], n[1::2]))
    if tag == "ellipse":
        cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if tag == "path":
        n = numbers(el.get("d"))
        return list(zip(n[0::2], n[1::2]))
    return []


class MapSvg:
    """A Graphviz SVG: its nodes, clusters and edges by element id."""

    def __init__(self, path):
        self.path = path
        self.root = ET.parse(path).getroot()
        self.groups = {}
        for g in self.root.iter(SVG + "g"):
            kind = (g.get("class") or "").split(" ")[0]
            if kind in ("node", "cluster", "edge"):
                self.groups.setdefault(kind, {})[g.get("id")] = g

    def nodes(self):
        return self.groups.get("node", {})

    def clusters(self):
        return self.groups.get("cluster", {})

    def outline(self, group):
        """The box of the group's first shape (a node's or cluster's frame)."""
        for el in group.iter():
            points = shape_points(el)
            if points:
                return Box.around(points)
        return None


def cluster_members(dot_path):
    """{cluster subgraph name: [node ids]} from relmap's DOT."""
    members, current = {}, None
    with open(dot_path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\tsubgraph (\S+) \{", line)
            if m:
                current = m.group(1).strip('"')
                members[current] = []
            elif line.startswith("\t}"):
                current = None
            elif current:
                m = re.match(r"^\t\t(\"[^\"]*\"|[^\s\[\]=]+)\t\[", line)
                if m:
                    members[current].append(m.group(1).strip('"'))
    return members


class ClusterTest(unittest.TestCase):
    def check_clusters(self, svg_path, dot_path, prefix):
        svg = MapSvg(svg_path)
        members = cluster_members(dot_path)
        self.assertGreater(len(members), 1, dot_path)
        frames = {}
        for name, ids in members.items():
            frame = svg.outline(svg.clusters()[f"{prefix}-c-{name[len('cluster_'):]}"])
            frames[name] = frame
            for node in ids:
                box = svg.outline(svg.nodes()[f"{prefix}-n-{node}"])
                self.assertTrue(box.inside(frame), f"{svg_path}: {node} {box} outside {name} {frame}")
        names = sorted(frames)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                self.assertFalse(frames[a].overlaps(frames[b]), f"{svg_path}: {a} {frames[a]} overlaps {b} {frames[b]}")

    def test_clusters_hold_their_members_and_never_overlap(self):
        with tempfile.TemporaryDirectory() as out:
            r = run("build", "--schema", SCHEMA, "--data", DATA, "--out", out, "--clusters")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.check_clusters(os.path.join(out, "relmap.svg"), os.path.join(out, "relmap.dot"), "relmap")
            for engine in ["dot", "fdp"]:
                svg, dot = os.path.join(out, engine + ".svg"), os.path.join(out, engine + ".dot")
                for fmt, path in [("svg", svg), ("dot", dot)]:
                    r = run("render", "--schema", SCHEMA, "--data", DATA, "--clusters", "--engine", engine,
                            "-f", fmt, "-o", path)
                    self.assertEqual(r.returncode, 0, r.stderr)
                self.check_clusters(svg, dot, "relmap")

    def test_engines_that_ignore_clusters_are_refused(self):
        for engine in ["neato", "sfdp", "circo", "twopi"]:
            r = run("render", "--schema", SCHEMA, "--data", DATA, "--clusters", "--engine", engine)
            self.assertEqual(r.returncode, 2, engine)
            self.assertIn(b"--clusters needs --engine dot or fdp", r.stderr)
            self.assertEqual(r.stdout, b"")


if __name__ == "__main__":
    unittest.main()
