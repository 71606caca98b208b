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


def load_metrics():
    """Widths (1/1000 em) and ink extents from src/sans_metrics.inc, the
    table the layout measures text with."""
    with open(os.path.join(ROOT, "src", "sans_metrics.inc"), encoding="utf-8") as f:
        text = f.read()
    widths = {int(cp, 16): (int(r), int(b)) for cp, r, b in re.findall(r"\{0x([0-9a-f]+), (\d+), (\d+)\}", text)}
    ascent = int(re.search(r"kSansAscent = (\d+)", text).group(1))
    descent = int(re.search(r"kSansDescent = (\d+)", text).group(1))
    return widths, ascent, descent


WIDTHS, ASCENT, DESCENT = load_metrics()


def text_box(el):
    """The box a <text> element's characters take in the widest map font."""
    size = float(el.get("font-size"))
    bold = el.get("font-weight") == "bold"
    width = sum(WIDTHS.get(ord(c), (1000, 1000))[bold] for c in el.text or "") * size / 1000
    x, y = float(el.get("x")), float(el.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[el.get("text-anchor", "start")]
    return Box(left, y - ASCENT * size / 1000, left + width, y + DESCENT * size / 1000)


def inside_shape(box, shape, slack=0.5):
    """True if the box lies inside the polygon or ellipse element."""
    tag = shape.tag[len(SVG):]
    corners = [(box.left, box.top), (box.right, box.top), (box.right, box.bottom), (box.left, box.bottom)]
    if tag == "ellipse":
        cx, cy, rx, ry = (float(shape.get(k)) for k in ("cx", "cy", "rx", "ry"))
        return all(((x - cx) / (rx + slack)) ** 2 + ((y - cy) / (ry + slack)) ** 2 <= 1 for x, y in corners)
    if tag == "polygon":
        n = numbers(shape.get("points"))
        polygon = list(zip(n[0::2], n[1::2]))

        def contains(x, y):  # ray casting, with the edges widened by the slack
            hit = False
            for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    hit = not hit
            return hit
        return all(contains(x + dx, y + dy) or contains(x - dx, y - dy)
                   for x, y in corners for dx, dy in [(0, 0), (slack, slack), (-slack, slack)])
    return box.inside(Box.around(shape_points(shape)), slack)


def label_problems(svg_path):
    """Text that leaves its node's shape, text boxes that overlap, and edge
    labels lying on a node: one line each."""
    svg = MapSvg(svg_path)
    problems, texts = [], []
    node_boxes = []
    for node_id, group in svg.nodes().items():
        shape = next((el for el in group.iter() if shape_points(el)), None)
        node_boxes.append((node_id, svg.outline(group)))
        for el in group.iter(SVG + "text"):
            box = text_box(el)
            texts.append((el.text, box, "node"))
            if not inside_shape(box, shape):
                problems.append(f"{el.text!r} {box} leaves its shape in {node_id}")
    for edge_id, group in svg.groups.get("edge", {}).items():
        for el in group.iter(SVG + "text"):
            box = text_box(el)
            texts.append((el.text, box, "edge"))
            for node_id, node_box in node_boxes:
                if box.overlaps(node_box):
                    problems.append(f"label {el.text!r} of {edge_id} lies on {node_id}")
    in_groups = {id(el) for g in list(svg.nodes().values()) + list(svg.groups.get("edge", {}).values())
                 for el in g.iter(SVG + "text")}
    for el in svg.root.iter(SVG + "text"):
        if id(el) not in in_groups:
            texts.append((el.text, text_box(el), "graph"))  # title, legend, cluster labels
    for i, (a, box_a, _) in enumerate(texts):
        for b, box_b, _ in texts[i + 1:]:
            if box_a.overlaps(box_b):
                problems.append(f"{a!r} {box_a} overlaps {b!r} {box_b}")
    return problems


class LabelTest(unittest.TestCase):
    """Every label inside its shape, no two labels on top of each other, in
    the full map and the per-source maps of data/, in both themes."""

    def test_labels_fit_and_never_overlap(self):
        with tempfile.TemporaryDirectory() as out:
            for theme in ["light", "dark"]:
                r = run("build", "--schema", SCHEMA, "--data", DATA, "--out", out, "--theme", theme)
                self.assertEqual(r.returncode, 0, r.stderr)
                maps = [os.path.join(out, "relmap.svg")] + sorted(
                    os.path.join(out, "maps", f) for f in os.listdir(os.path.join(out, "maps")) if f.endswith(".svg"))
                self.assertGreater(len(maps), 1)
                for path in maps:
                    self.assertEqual(label_problems(path), [], path)

    def test_the_check_sees_text_out_of_its_box_and_overlaps(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.svg")
            with open(path, "w", encoding="utf-8") as f:
                f.write('''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<g id="n1" class="node"><polygon points="0,0 60,0 60,-30 0,-30 0,0"/>
<text text-anchor="middle" x="30" y="-12" font-size="11.00">Ministry of Posts</text></g>
<g id="n2" class="node"><ellipse cx="200" cy="-15" rx="40" ry="15"/>
<text text-anchor="middle" x="200" y="-12" font-size="11.00">Japan</text></g>
<g id="e1" class="edge"><path d="M60,-15C100,-15 100,-15 160,-15"/>
<text text-anchor="middle" x="205" y="-14" font-size="9.00">member of</text></g>
</g></svg>''')
            problems = label_problems(path)
        self.assertTrue(any("'Ministry of Posts'" in p and "leaves its shape in n1" in p for p in problems), problems)
        self.assertTrue(any("label 'member of' of e1 lies on n2" in p for p in problems), problems)
        self.assertTrue(any("'Japan'" in p and "overlaps 'member of'" in p for p in problems), problems)


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
