"""Maps as pictures: the SVGs relmap draws from data/ checked for label fit
and overlap (with the layout's own font metrics and in Chromium, whose only
sans-serif here may be DejaVu Sans), clusters, colour contrast; PNG and PDF
against the SVG's layout; the report printed to PDF by Chromium. Maps are
drawn whole (--whole) where one map's drawing is checked: a map split for
its page is checked by page_fit_test.py, its parts drawn by the same code."""

import glob
import json
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

import relmap_run
ROOT = os.environ["RELMAP_ROOT"]
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")
DATA = os.path.join(ROOT, "data")
SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = shutil.which("pdftotext")


def run(*args, cwd=None):
    return relmap_run.run(*args, cwd=cwd, text=False, timeout=600)


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

    def __init__(self, path, root=None):
        self.path = path
        self.root = ET.parse(path).getroot() if root is None else root
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
    """Widths (1/1000 em) and ink extents from src/maps/sans_metrics.inc, the
    table the layout measures text with."""
    with open(os.path.join(ROOT, "src", "maps", "sans_metrics.inc"), encoding="utf-8") as f:
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


def path_segments(d, step=2.0):
    """The polyline an SVG path's absolute M, L, C and Z commands draw (as
    Graphviz writes its splines and rounded frames), each cubic Bézier
    sampled every `step` points or so, as a list of ((x1, y1), (x2, y2))."""
    segments, start, here = [], None, None
    for command, args in re.findall(r"([MLCZmlcz])([^MLCZmlcz]*)", d):
        n = numbers(args)
        points = list(zip(n[0::2], n[1::2]))
        if command == "M":
            start = here = points[0]
            points = points[1:]
            command = "L"
        if command == "L":
            for p in points:
                segments.append((here, p))
                here = p
        elif command == "C":
            for k in range(0, len(points) - 2, 3):
                p0, p1, p2, p3 = here, points[k], points[k + 1], points[k + 2]
                length = sum(math.dist(a, b) for a, b in [(p0, p1), (p1, p2), (p2, p3)])
                count = max(1, int(length / step))
                previous = p0
                for i in range(1, count + 1):
                    t = i / count
                    u = 1 - t
                    q = (u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                         u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1])
                    segments.append((previous, q))
                    previous = q
                here = p3
        elif command in "Zz" and start is not None and here is not None:
            segments.append((here, start))
            here = start
    return segments


def shape_segments(el):
    """The outline of a path, polygon or polyline element as segments."""
    tag = el.tag[len(SVG):]
    if tag == "path":
        return path_segments(el.get("d") or "")
    if tag in ("polygon", "polyline"):
        n = numbers(el.get("points"))
        points = list(zip(n[0::2], n[1::2]))
        closing = [(points[-1], points[0])] if tag == "polygon" and points else []
        return list(zip(points, points[1:])) + closing
    return []


def segment_crosses(box, a, b):
    """True if the segment from a to b passes through the box (Liang-Barsky clipping)."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in [(-dx, x1 - box.left), (dx, box.right - x1), (-dy, y1 - box.top), (dy, box.bottom - y1)]:
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
    return True


def shrunk(box, by):
    return Box(box.left + by, box.top + by, box.right - by, box.bottom - by)


def edge_label_boxes(group):
    """The text boxes of an edge's label (one per line), and their union."""
    boxes = [text_box(el) for el in group.iter(SVG + "text") if (el.text or "").strip()]
    if not boxes:
        return [], None
    return boxes, Box(min(b.left for b in boxes), min(b.top for b in boxes),
                      max(b.right for b in boxes), max(b.bottom for b in boxes))


def line_problems(svg_path, graze=1.0, stack_gap=2.0):
    """Edge labels that read as part of something else: crossed by a line
    they do not belong to, on a node's shape, across a cluster's frame, or
    stacked on another edge's label (less than `stack_gap` points between
    them, one above the other); and labels that their own line runs across.
    Each label box is shrunk by `graze` points, so that a line grazing its
    margin is not counted.

    A label's own line may pass only along its anchor, the border by which
    the label hangs on the line: dot lays a label out beside a point its
    line goes through, the middle of the label's left side (right side,
    top or bottom in maps drawn another way), and lets the line bend into
    the label's box from there; Graphviz puts an external label (a source
    mark) with a side or a corner on its line's middle; and the label pass
    (render/label_places) moves a label to a side or corner just clear of a
    point of its line. The anchor is that border, `graze` points deep: the
    own line may touch the text's box there, but crossing into the text
    beyond it (over a letter, through a line of the label, or across the
    label from one side to another) is a problem, as another line's is;
    but for a label relmap marks as finding no clear place (its relation's
    class `crowded`), which it leaves across its own line as the lesser
    harm. One line each, for each map drawn in the file (a figure of parts holds
    several)."""
    root = ET.parse(svg_path).getroot()
    graphs = [g for g in root.iter(SVG + "g") if g.get("class") == "graph"] or [root]
    return [p for g in graphs for p in map_line_problems(MapSvg(svg_path, g), graze, stack_gap)]


def map_line_problems(svg, graze, stack_gap):
    """line_problems of one map."""
    edges = svg.groups.get("edge", {})
    lines = {edge_id: [s for el in group.iter() if el.tag in (SVG + "path", SVG + "polygon")
                       for s in shape_segments(el)]
             for edge_id, group in edges.items()}
    nodes = []
    for node_id, group in svg.nodes().items():
        shape = next((el for el in group.iter() if shape_points(el)), None)
        if shape is not None:
            nodes.append((node_id, Box.around(shape_points(shape)), shape))
    frames = []
    for cluster_id, group in svg.clusters().items():
        shape = next((el for el in group.iter() if el.tag in (SVG + "path", SVG + "polygon")), None)
        if shape is not None:
            frames.append((cluster_id, shape_segments(shape)))
    labels = [(edge_id,) + edge_label_boxes(group) for edge_id, group in edges.items()]
    labels = [(edge_id, boxes, whole) for edge_id, boxes, whole in labels if boxes]
    problems = []
    for edge_id, boxes, whole in labels:
        name = " ".join(el.text for el in edges[edge_id].iter(SVG + "text") if el.text)
        crowded = "crowded" in (edges[edge_id].get("class") or "").split()
        inner = [shrunk(b, graze) for b in boxes]
        for other, segments in lines.items():
            if other == edge_id and crowded:
                continue
            if any(segment_crosses(b, p, q) for b in inner for p, q in segments):
                problems.append(f"label {name!r} of {edge_id} is crossed by "
                                + ("its own line" if other == edge_id else other))
        for node_id, outline, shape in nodes:
            if any(b.overlaps(outline) for b in inner):
                problems.append(f"label {name!r} of {edge_id} lies on {node_id}")
        for cluster_id, segments in frames:
            if any(segment_crosses(b, p, q) for b in inner for p, q in segments):
                problems.append(f"label {name!r} of {edge_id} lies on the frame of {cluster_id}")
    for i, (a, _, box_a) in enumerate(labels):
        for b, _, box_b in labels[i + 1:]:
            across = min(box_a.right, box_b.right) - max(box_a.left, box_b.left)
            gap = max(box_a.top, box_b.top) - min(box_a.bottom, box_b.bottom)
            if across > 0 and gap < stack_gap:
                problems.append(f"labels of {a} {box_a} and {b} {box_b} are stacked {gap:.1f} pt apart")
    return problems


def problems_in(check, svg):
    """What `check` (label_problems, line_problems) finds in the SVG text `svg`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bad.svg")
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
        return check(path)


class LabelTest(unittest.TestCase):
    """Every label inside its shape, no two labels on top of each other, in
    the full map and the per-source maps of data/, in both themes."""

    def test_labels_fit_and_never_overlap(self):
        with tempfile.TemporaryDirectory() as out:
            for theme in ["light", "dark"]:
                r = run("build", "--whole", "--schema", SCHEMA, "--data", DATA, "--out", out, "--theme", theme)
                self.assertEqual(r.returncode, 0, r.stderr)
                maps = [os.path.join(out, "relmap.svg")] + sorted(
                    os.path.join(out, "maps", f) for f in os.listdir(os.path.join(out, "maps")) if f.endswith(".svg"))
                self.assertGreater(len(maps), 1)
                for path in maps:
                    self.assertEqual(label_problems(path), [], path)

    def test_the_check_sees_text_out_of_its_box_and_overlaps(self):
        problems = problems_in(label_problems, '''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<g id="n1" class="node"><polygon points="0,0 60,0 60,-30 0,-30 0,0"/>
<text text-anchor="middle" x="30" y="-12" font-size="11.00">Ministry of Posts</text></g>
<g id="n2" class="node"><ellipse cx="200" cy="-15" rx="40" ry="15"/>
<text text-anchor="middle" x="200" y="-12" font-size="11.00">Japan</text></g>
<g id="e1" class="edge"><path d="M60,-15C100,-15 100,-15 160,-15"/>
<text text-anchor="middle" x="205" y="-14" font-size="9.00">member of</text></g>
</g></svg>''')
        self.assertTrue(any("'Ministry of Posts'" in p and "leaves its shape in n1" in p for p in problems), problems)
        self.assertTrue(any("label 'member of' of e1 lies on n2" in p for p in problems), problems)
        self.assertTrue(any("'Japan'" in p and "overlaps 'member of'" in p for p in problems), problems)



class LabelsOffLinesTest(unittest.TestCase):
    """No relation's label crossed by another line or by its own beyond its
    anchor (unless it is marked crowded), on an actor, across a cluster's frame or stacked on another
    relation's label: in the maps of
    data/ (whole and split for their pages, with clusters, the path in its
    surroundings) and of a generated 200-relation corpus."""

    def maps_of_build(self, root, out, *extra):
        r = run("build", "--schema", os.path.join(root, "graph-schema.yaml"), "--data", os.path.join(root, "data"),
                "--out", out, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [os.path.join(out, "relmap.svg")] + sorted(glob.glob(os.path.join(out, "maps", "*.svg")))

    def check(self, maps):
        self.assertGreater(len(maps), 1)
        for path in maps:
            self.assertEqual(line_problems(path), [], path)

    def test_maps_of_the_articles(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.check(self.maps_of_build(ROOT, os.path.join(tmp, "split")) +
                       self.maps_of_build(ROOT, os.path.join(tmp, "whole"), "--whole"))
            drawn = []
            for name, args in [("clusters", ["--clusters"]), ("path", ["--path", "lao-cert", "philippines"]),
                               ("path-whole", ["--whole", "--path", "lao-cert", "philippines"])]:
                drawn.append(os.path.join(tmp, name + ".svg"))
                r = run("render", "--schema", SCHEMA, "--data", DATA, *args, "-o", drawn[-1])
                self.assertEqual(r.returncode, 0, r.stderr)
            self.check(drawn)

    def test_maps_of_a_generated_corpus(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "corpus")
            subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests", "bench", "gen_corpus.py"), root,
                            "--relations", "200"], check=True, capture_output=True)
            self.check(self.maps_of_build(root, os.path.join(tmp, "split")) +
                       self.maps_of_build(root, os.path.join(tmp, "whole"), "--whole"))

    def test_the_check_sees_labels_on_lines_actors_frames_and_labels(self):
        problems = problems_in(line_problems, '''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<g id="c1" class="cluster"><path d="M100,-100C100,-100 300,-100 300,-100 300,-100 300,0 300,0L100,0Z"/></g>
<g id="n1" class="node"><polygon points="0,0 60,0 60,-30 0,-30 0,0"/></g>
<g id="e1" class="edge"><path d="M30,-30C30,-60 30,-120 30,-200"/>
<text text-anchor="middle" x="30" y="-20" font-size="9.00">member of</text></g>
<g id="e2" class="edge"><path d="M0,-80C20,-80 60,-80 80,-80"/>
<text text-anchor="middle" x="100" y="-60" font-size="9.00">part of</text></g>
<g id="e3" class="edge"><path d="M0,-150C0,-150 0,-150 5,-150"/>
<text text-anchor="middle" x="30" y="-78" font-size="9.00">hosted</text></g>
<g id="e4" class="edge"><path d="M200,-300C200,-300 200,-300 205,-300"/>
<text text-anchor="middle" x="200" y="-140" font-size="9.00">attended</text></g>
<g id="e5" class="edge"><path d="M250,-300C250,-300 250,-300 255,-300"/>
<text text-anchor="middle" x="200" y="-129" font-size="9.00">represents</text></g>
</g></svg>''')
        self.assertIn("label 'member of' of e1 lies on n1", problems)
        self.assertIn("label 'hosted' of e3 is crossed by e1", problems)
        self.assertIn("label 'hosted' of e3 is crossed by e2", problems)
        self.assertIn("label 'part of' of e2 lies on the frame of c1", problems)
        self.assertTrue(any(p.startswith("labels of e4 ") and " and e5 " in p and "stacked" in p for p in problems),
                        problems)
        self.assertFalse(any("of e1 is crossed by" in p for p in problems), problems)
        self.assertEqual(len(problems), 5, problems)

    def test_the_check_sees_a_label_across_its_own_line(self):
        # e1's line runs down through the middle of its label; e2's label
        # hangs on its line by its left side, the line half a point into the
        # text's box (its anchor); e3's arrowhead pokes into its label; e4's
        # label, marked crowded, lies across its own line and e1's.
        problems = problems_in(line_problems, '''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<g id="e1" class="edge"><path d="M100,0C100,-50 100,-150 100,-200"/>
<text text-anchor="middle" x="100" y="-106" font-size="9.00">holds position</text>
<text text-anchor="middle" x="100" y="-95" font-size="9.00">[1]</text></g>
<g id="e2" class="edge"><path d="M200,0C200,-50 200,-150 200,-200"/>
<text text-anchor="start" x="199.5" y="-106" font-size="9.00">holds position</text>
<text text-anchor="start" x="199.5" y="-95" font-size="9.00">[1]</text></g>
<g id="e3" class="edge"><path d="M300,0C300,-20 300,-40 300,-60"/>
<polygon points="296,-60 300,-75 304,-60 296,-60"/>
<text text-anchor="start" x="299" y="-70" font-size="9.00">attended</text></g>
<g id="e4" class="edge crowded"><path d="M60,-150C80,-150 120,-150 140,-150"/>
<text text-anchor="middle" x="100" y="-147" font-size="9.00">part of</text></g>
</g></svg>''')
        self.assertEqual(problems, ["label 'holds position [1]' of e1 is crossed by its own line",
                                    "label 'attended' of e3 is crossed by its own line",
                                    "label 'part of' of e4 is crossed by e1"])

class ClusterTest(unittest.TestCase):
    def check_clusters(self, svg_path, dot_path, prefix):
        svg = MapSvg(svg_path)
        members = cluster_members(dot_path)
        self.assertGreater(len(members), 1, dot_path)
        frames = {}
        for name, ids in members.items():
            frame = svg.outline(svg.clusters()[f"{prefix}--c-{name[len('cluster_'):]}"])
            frames[name] = frame
            for node in ids:
                box = svg.outline(svg.nodes()[f"{prefix}--n-{node}"])
                self.assertTrue(box.inside(frame), f"{svg_path}: {node} {box} outside {name} {frame}")
        names = sorted(frames)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                self.assertFalse(frames[a].overlaps(frames[b]), f"{svg_path}: {a} {frames[a]} overlaps {b} {frames[b]}")

    def test_clusters_hold_their_members_and_never_overlap(self):
        with tempfile.TemporaryDirectory() as out:
            r = run("build", "--whole", "--schema", SCHEMA, "--data", DATA, "--out", out, "--clusters")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.check_clusters(os.path.join(out, "relmap.svg"), os.path.join(out, "relmap.dot"), "relmap")
            for engine in ["dot", "fdp"]:
                svg, dot = os.path.join(out, engine + ".svg"), os.path.join(out, engine + ".dot")
                for fmt, path in [("svg", svg), ("dot", dot)]:
                    r = run("render", "--whole", "--schema", SCHEMA, "--data", DATA, "--clusters", "--engine", engine,
                            "-f", fmt, "-o", path)
                    self.assertEqual(r.returncode, 0, r.stderr)
                self.check_clusters(svg, dot, "relmap")

    def test_engines_that_ignore_clusters_are_refused(self):
        for engine in ["neato", "sfdp", "circo", "twopi"]:
            r = run("render", "--whole", "--schema", SCHEMA, "--data", DATA, "--clusters", "--engine", engine)
            self.assertEqual(r.returncode, 2, engine)
            self.assertIn(b"--clusters needs --engine dot or fdp", r.stderr)
            self.assertEqual(r.stdout, b"")


def graph_offset(svg_path):
    """The translate() of the map's top group: SVG user units to page points."""
    root = ET.parse(svg_path).getroot()
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    n = numbers(re.search(r"translate\(([^)]*)\)", graph.get("transform")).group(1))
    return n[0], n[1]


def node_labels(svg_path):
    """(text, x, y) of each one-line label in the map's nodes."""
    svg = MapSvg(svg_path)
    out = []
    for group in svg.nodes().values():
        texts = list(group.iter(SVG + "text"))
        if len(texts) == 1:
            out.append((texts[0].text, float(texts[0].get("x")), float(texts[0].get("y"))))
    return out


def png_rgba(data):
    """Width, height and rows of RGBA bytes of an 8-bit RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, chunks = 8, b"", {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        chunks.setdefault(kind, body)
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)
    raw, stride, rows, prev = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, rows, chunks


class FormatsTest(unittest.TestCase):
    """PNG and PDF show the SVG's layout: same size, nodes in the same place."""

    def render(self, tmp, fmt, *extra):
        path = os.path.join(tmp, "map." + fmt)
        r = run("render", "--whole", "--schema", SCHEMA, "--data", DATA, "--source", "src-001", "-f", fmt, "-o", path, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return path

    def test_png_has_the_svgs_layout_and_its_dpi(self):
        with tempfile.TemporaryDirectory() as tmp:
            svg = self.render(tmp, "svg")
            with open(self.render(tmp, "png", "--dpi", "150"), "rb") as f:
                width, height, rows, chunks = png_rgba(f.read())
            self.check_png(svg, width, height, rows, chunks)

    def check_png(self, svg, width, height, rows, chunks):
        self.assertEqual(struct.unpack(">IIB", chunks[b"pHYs"]), (5906, 5906, 1))  # 150 dpi
        box = numbers(ET.parse(svg).getroot().get("viewBox"))
        scale = 150 / 72
        # The SVG's width and height are its viewBox rounded up to whole
        # points, and the PNG that size rounded up to whole pixels.
        self.assertAlmostEqual(width, box[2] * scale, delta=scale + 1)
        self.assertAlmostEqual(height, box[3] * scale, delta=scale + 1)
        dx, dy = graph_offset(svg)
        checked = 0
        for node_id, group in MapSvg(svg).nodes().items():
            shape = next(el for el in group.iter() if shape_points(el))
            fill = shape.get("fill")
            if shape.tag != SVG + "polygon" or not re.fullmatch(r"#[0-9a-f]{6}", fill or ""):
                continue
            outline = Box.around(shape_points(shape))
            # Just inside the left edge, half-way down: the fill, clear of the text.
            x, y = (outline.left + 5 + dx) * scale, ((outline.top + outline.bottom) / 2 + dy) * scale
            pixel = rows[int(y)][int(x) * 4:int(x) * 4 + 3]
            expected = bytes.fromhex(fill[1:])
            self.assertTrue(all(abs(a - b) <= 8 for a, b in zip(pixel, expected)),
                            f"{node_id}: {bytes(pixel).hex()} at ({x:.0f}, {y:.0f}), expected {fill}")
            checked += 1
        self.assertGreater(checked, 5)

    @unittest.skipIf(POPPLER is None and os.environ.get("CI") is None, "poppler-utils is not installed")
    def test_pdf_has_the_svgs_layout(self):
        with tempfile.TemporaryDirectory() as tmp:
            svg = self.render(tmp, "svg")
            pdf = self.render(tmp, "pdf")
            box = numbers(ET.parse(svg).getroot().get("viewBox"))
            info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            self.assertIn("Pages:           1", info)
            size = numbers(re.search(r"Page size:\s+(.*) pts", info).group(1))
            self.assertAlmostEqual(size[0], box[2], delta=1)
            self.assertAlmostEqual(size[1], box[3], delta=1)
            bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
            self.check_pdf(svg, bbox)

    def check_pdf(self, svg, bbox):
        words = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             bbox):
            words.setdefault(m.group(5), []).append(numbers(" ".join(m.group(1, 2, 3, 4))))
        dx, dy = graph_offset(svg)
        checked = 0
        for text, x, y in node_labels(svg):
            if " " in text or not words.get(text):
                continue  # one-word labels found in the PDF (also, maybe, in its source list)
            # One of the words is the label, where the SVG draws it.
            placed = [(x0, y0, x1, y1) for x0, y0, x1, y1 in words[text] if abs((x0 + x1) / 2 - (x + dx)) <= 2]
            self.assertTrue(placed, msg=text)
            x0, y0, x1, y1 = placed[0]
            self.assertLess(y0, y + dy)
            self.assertGreater(y1, y + dy - 2, msg=text)  # the baseline lies within the word's box
            checked += 1
        self.assertGreaterEqual(checked, 5)  # the one-word labels of src-001 found once

    def test_width_that_would_shrink_labels_under_six_points_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "map.png")
            r = run("render", "--schema", SCHEMA, "--data", DATA, "--source", "src-001", "-f", "png",
                    "--width", "5cm", "-o", path)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"under 6 pt; it needs at least", r.stderr)
            self.assertFalse(os.path.exists(path))
            r = run("render", "--schema", SCHEMA, "--data", DATA, "--source", "src-001", "--width", "16cm")
            self.assertEqual(r.returncode, 2)
            self.assertIn(b"--width and --dpi apply to -f png and pdf", r.stderr)


def luminance_ratio(a, b):
    def lum(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


class ContrastTest(unittest.TestCase):
    """The colours the maps actually use: every line at least 3:1 against the
    background or cluster it crosses, every text at least 4.5:1 against what
    is behind it, in both themes."""

    def check(self, svg_path):
        svg = MapSvg(svg_path)
        graph = next(g for g in svg.root.iter(SVG + "g") if g.get("class") == "graph")
        background = next(graph.iter(SVG + "polygon")).get("fill")
        cluster_fills = {next(el for el in g.iter() if shape_points(el)).get("fill") for g in svg.clusters().values()}
        grounds = [background] + sorted(c for c in cluster_fills if c and c.startswith("#"))
        problems = []
        lines_in = lambda g: [el for el in g.iter() if el.tag in (SVG + "path", SVG + "polygon")]
        for edge_id, group in svg.groups.get("edge", {}).items():
            for el in lines_in(group):
                stroke = el.get("stroke")
                if stroke and stroke.startswith("#"):
                    problems += [f"{edge_id}: line {stroke} on {g}" for g in grounds if luminance_ratio(stroke, g) < 3]
            for el in group.iter(SVG + "text"):
                problems += [f"{edge_id}: label {el.get('fill')} on {g}" for g in grounds
                             if luminance_ratio(el.get("fill", "#000000"), g) < 4.5]
        for node_id, group in svg.nodes().items():
            fill = next(el for el in group.iter() if shape_points(el)).get("fill")
            for el in group.iter(SVG + "text"):
                if luminance_ratio(el.get("fill", "#000000"), fill) < 4.5:
                    problems.append(f"{node_id}: text {el.get('fill')} on {fill}")
        in_groups = {id(el) for kind in ("node", "edge") for g in svg.groups.get(kind, {}).values()
                     for el in g.iter(SVG + "text")}
        for el in graph.iter(SVG + "text"):
            if id(el) in in_groups:
                continue
            # Title, legend, cluster labels: a line sample is a line (3:1), words are text (4.5:1).
            need = 3 if re.fullmatch(r"[\u2500-\u25ff\u00b7\u2012 ]+", el.text or "") else 4.5
            ground = background if svg.clusters() == {} else None
            for g in ([ground] if ground else grounds):
                if luminance_ratio(el.get("fill", "#000000"), g) < need:
                    problems.append(f"{el.text!r}: {el.get('fill')} on {g}")
        return problems

    def test_lines_and_text_are_readable_in_both_themes(self):
        with tempfile.TemporaryDirectory() as out:
            for theme in ["light", "dark"]:
                for extra in [[], ["--clusters"]]:
                    r = run("build", "--whole", "--schema", SCHEMA, "--data", DATA, "--out", out, "--theme", theme, *extra)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    for path in [os.path.join(out, "relmap.svg")] + sorted(glob.glob(os.path.join(out, "maps", "*.svg"))):
                        self.assertEqual(self.check(path), [], f"{theme} {extra} {path}")
            # The path map mutes what is around the path: muted lines and text count too.
            path = os.path.join(out, "path.svg")
            for theme in ["light", "dark"]:
                r = run("render", "--whole", "--schema", SCHEMA, "--data", DATA, "--path", "lao-cert", "shinzo-abe",
                        "--theme", theme, "-o", path)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(path, encoding="utf-8") as f:
                    self.assertIn("muted", f.read())
                self.assertEqual(self.check(path), [], theme)

    def test_the_check_sees_faint_lines_and_text(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "faint.svg")
            with open(path, "w", encoding="utf-8") as f:  # the old dark theme's blue line and a grey label
                f.write('''<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
<polygon fill="#0f172a" points="0,0 9,0 9,9 0,0"/>
<g id="e1" class="edge"><path stroke="#1d4ed8" d="M0,0C1,1 2,2 3,3"/>
<text x="1" y="1" fill="#334155">part of</text></g></g></svg>''')
            self.assertEqual(self.check(path), ["e1: line #1d4ed8 on #0f172a", "e1: label #334155 on #0f172a"])


BROWSER_CHECK = """
const problems = [];
for (const svg of document.querySelectorAll('svg')) {
  const name = svg.querySelector('g.graph').id;
  const boxes = [];
  for (const t of svg.querySelectorAll('text')) {
    // Widths as Chromium draws them; heights from the baseline and the ink
    // of Latin text (Chromium's own box adds the line gap, up to 1.45 em).
    const g = t.getBBox(), size = parseFloat(t.getAttribute('font-size')), y = parseFloat(t.getAttribute('y'));
    const b = {x: g.x, width: g.width, y: y - ASCENT * size, height: (ASCENT + DESCENT) * size};
    boxes.push([t.textContent, b]);
    const node = t.closest('g.node');
    if (!node) continue;
    const s = node.querySelector('polygon, ellipse, path').getBBox();
    if (b.x < s.x - 0.5 || b.x + b.width > s.x + s.width + 0.5 || b.y < s.y - 0.5 || b.y + b.height > s.y + s.height + 0.5)
      problems.push(name + ': ' + t.textContent + ' leaves its shape');
  }
  for (let i = 0; i < boxes.length; ++i)
    for (let j = i + 1; j < boxes.length; ++j) {
      const [ta, a] = boxes[i], [tb, b] = boxes[j];
      if (Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.1 &&
          Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.1)
        problems.push(name + ': ' + ta + ' overlaps ' + tb);
    }
}
document.body.setAttribute('data-problems', JSON.stringify(problems));
document.body.setAttribute('data-maps', document.querySelectorAll('svg').length);
"""


@unittest.skipIf(CHROMIUM is None and os.environ.get("CI") is None, "Chromium is not installed")
class BrowserTest(unittest.TestCase):
    """Chromium draws the text with the fonts of this machine (on Debian, with
    DejaVu Sans only, the widest of the stack): it must still fit."""

    def test_labels_fit_as_chromium_draws_them(self):
        with tempfile.TemporaryDirectory() as out:
            r = run("build", "--whole", "--schema", SCHEMA, "--data", DATA, "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            maps = [os.path.join(out, "relmap.svg")] + sorted(glob.glob(os.path.join(out, "maps", "*.svg")))
            page = os.path.join(out, "check.html")
            with open(page, "w", encoding="utf-8") as f:
                f.write("<!DOCTYPE html><html><body>")
                for path in maps:
                    with open(path, encoding="utf-8") as m:
                        f.write(re.sub(r"^.*?(?=<svg)", "", m.read(), flags=re.S))
                f.write(f"<script>const ASCENT = {ASCENT / 1000}, DESCENT = {DESCENT / 1000};" + BROWSER_CHECK +
                        "</script></body></html>")
            with tempfile.TemporaryDirectory() as profile:
                dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                                      "--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120).stdout
        maps_seen = re.search(r'data-maps="(\d+)"', dom)
        self.assertIsNotNone(maps_seen, dom[:500])
        self.assertEqual(int(maps_seen.group(1)), len(maps))
        problems = json.loads(re.search(r'data-problems="([^"]*)"', dom).group(1).replace("&quot;", '"'))
        self.assertEqual(problems, [])


XHTML = "{http://www.w3.org/1999/xhtml}"
GENERATOR = relmap_run.GENERATOR


def words(text):
    return " ".join(text.split())


def holds(text, page):
    """True if `text` is on the page other than as a title a map's source list
    quotes (“…”)."""
    return any(page[i - 1:i] != "\u201C" for i in (m.start() for m in re.finditer(re.escape(text), page)))


def ppm_has_ink(path):
    """True if a binary PPM (pdftoppm's output) has a pixel that is not white."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maximum; no comments in pdftoppm's header
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pixels = data[pos + 1:]
    return any(b < 235 for b in pixels)


def report_figures(html):
    """The map figures of report.html in order: (heading or None, caption,
    node labels (their first lines), link of its map or None)."""
    root = ET.parse(html).getroot()
    figures = []
    for block in root.iter(XHTML + "div"):
        if "map-block" not in (block.get("class") or ""):
            continue
        heading = block.find(XHTML + "h2")
        link = block.find(f"{XHTML}p[@class='map-link']/{XHTML}a")
        for figure in block.iter(XHTML + "figure"):
            labels = []
            for g in figure.iter(SVG + "g"):
                texts = list(g.iter(SVG + "text"))
                # A node's label, or the first line of one over several lines.
                if (g.get("class") or "").startswith("node") and texts and len(texts[0].text or "") > 3:
                    labels.append(words(texts[0].text))
            caption = words("".join(figure.find(XHTML + "figcaption").itertext()))
            figures.append((None if heading is None else words("".join(heading.itertext())), caption, labels,
                            None if link is None else link.get("href")))
            heading, link = None, None
    return figures


@unittest.skipIf((CHROMIUM is None or POPPLER is None) and os.environ.get("CI") is None,
                 "Chromium or poppler-utils is not installed")
class ReportPrintTest(unittest.TestCase):
    """The report printed to PDF by Chromium as the README says, and every
    page looked at: a page count that grows with the sources, no blank page,
    every map whole on the page of its heading and caption, no map text
    under 6 pt, and a link from each map to its SVG file."""

    def print_report(self, schema, data, out):
        r = run("report", "--schema", schema, "--data", data, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        html, pdf = os.path.join(out, "report.html"), os.path.join(out, "report.pdf")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + html],
                           capture_output=True, timeout=300)
        pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
        return html, pdf, [words(p) for p in pages]

    def check_print(self, out, html, pdf, pages):
        """Blank pages, figures with their headings, links; the figures."""
        shots = os.path.join(out, "pages")
        os.mkdir(shots)
        subprocess.run(["pdftoppm", "-r", "20", pdf, os.path.join(shots, "p")], check=True)
        images = sorted(glob.glob(os.path.join(shots, "p-*.ppm")))
        self.assertEqual(len(images), len(pages))
        self.assertEqual([i + 1 for i, path in enumerate(images) if not ppm_has_ink(path)], [])
        figures = report_figures(html)
        self.assertGreater(len(figures), 1)
        page = 1  # after the contents
        for heading, caption, labels, link in figures:
            # The first page from the last figure's on that holds the heading
            # (a part after the first: its caption), and on the same page the
            # caption and some of the map's labels.
            found = [i for i in range(page, len(pages)) if holds((heading or caption)[:60], pages[i])]
            self.assertTrue(found, heading or caption)
            page = found[0]
            self.assertIn(caption[:60], pages[page], f"{heading or caption}: caption not on the page of its heading")
            self.assertTrue(labels, caption)
            self.assertTrue(any(label in pages[page] for label in labels),
                            f"{heading or caption}: its map is not on page {page + 1} with its caption")
            if heading is not None:
                self.assertIsNotNone(link, heading)
                self.assertTrue(os.path.isfile(os.path.join(out, link)), link)
        with open(html, encoding="utf-8") as f:
            report = f.read()
        self.assertNotIn('class="parts"', report)  # no map cut into tiles
        self.assertNotIn("<use ", report)
        bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
        heights = [float(b) - float(a) for a, b in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                                               r'yMax="([\d.]+)"', bbox)]
        self.assertGreater(len(heights), 1000)
        self.assertGreaterEqual(min(heights), 6 * 1.1)  # a word's box is about 1.16 em in DejaVu Sans
        return figures

    def test_printed_report_of_the_articles(self):
        with tempfile.TemporaryDirectory() as out:
            html, pdf, pages = self.print_report(SCHEMA, DATA, out)
            sources = len(glob.glob(os.path.join(out, "maps", "source-*[0-9a-z].svg"))) - len(
                glob.glob(os.path.join(out, "maps", "source-*-part-*.svg")))
            figures = self.check_print(out, html, pdf, pages)
            # The contents and the overview (at most five parts), then each
            # source, and the timeline (a page: data/ has few dated facts).
            print(f"\n{sources} sources, {len(figures)} figures: {len(pages)} pages (at most {6 + 4 * sources})")
            self.assertGreater(sources, 1)
            self.assertLessEqual(len(pages), 6 + 4 * sources)
            # Each map, and each part of a map drawn in parts, is a figure.
            maps = [link for _, _, _, link in figures if link]
            self.assertEqual(len(maps), 1 + sources)
            self.assertEqual(len(figures), sum(max(1, len(glob.glob(os.path.join(out, m[:-4] + "-part-*.svg"))))
                                               for m in maps))

    def test_printed_report_after_a_source_is_graded_anew(self):
        # A new grade for a source changes every relation citing it: the
        # changes since the previous edition are printed readable, their map
        # drawn for the page or left out with the list.
        with tempfile.TemporaryDirectory() as tmp:
            project = relmap_run.copy_of_project(tmp)
            schema, data = os.path.join(project, "graph-schema.yaml"), os.path.join(project, "data")
            first = run("report", "--schema", schema, "--data", data, "--out", os.path.join(tmp, "first"))
            self.assertEqual(first.returncode, 0, first.stderr)
            path = os.path.join(data, "articles", "001-clmv-workshop-vientiane.yaml")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("reliability: C\n", text)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace("reliability: C\n", "reliability: B\n", 1))
            out = os.path.join(tmp, "out")
            os.mkdir(out)
            html, pdf, pages = self.print_report(schema, data, out)
            self.assertTrue(any("Changes since the previous edition" in p for p in pages))
            self.assertTrue(any("source reliability" in p for p in pages), "the grade's change is listed")
            self.check_print(out, html, pdf, pages)

    def test_printed_report_of_a_generated_corpus(self):
        with tempfile.TemporaryDirectory() as tmp:
            project, out = os.path.join(tmp, "project"), os.path.join(tmp, "out")
            subprocess.run(["/usr/bin/python3", GENERATOR, project, "--relations", "100", "--seed", "1"],
                           check=True, capture_output=True)
            os.mkdir(out)
            html, pdf, pages = self.print_report(os.path.join(project, "graph-schema.yaml"),
                                                 os.path.join(project, "data"), out)
            figures = self.check_print(out, html, pdf, pages)
            sources = sum(1 for _, _, _, link in figures if link and link.startswith("maps/"))
            # Its maps come in more parts: a page a figure at most, and two
            # for each source's table.
            print(f"\n{sources} sources, {len(figures)} figures: {len(pages)} pages "
                  f"(at most {4 + len(figures) + 2 * sources})")
            self.assertLessEqual(len(pages), 4 + len(figures) + 2 * sources)


if __name__ == "__main__":
    unittest.main()
