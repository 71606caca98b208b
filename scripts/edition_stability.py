#!/usr/bin/python3
"""How steady successive editions are: in a copy of data/, an article is
removed and added back, and the maps of the edition that has it again are
compared with those of the edition before it was removed.

    scripts/edition_stability.py build/relmap [ARTICLE...] [--split]

For each article of data/articles (or those named), three editions are
built from the same cache: the original, the one without the article, and
the one with it again (laid out from the second's cache, as a user's next
build would be). Maps are drawn whole (build --whole), as the cache keeps
them; --split draws them as they are printed, split for their pages.
Prints, for the overview and for the source maps together: the median
displacement of an actor's centre, the share of actors that moved more
than 100 pt, and the share of pairs of actors whose order (left or right,
above or below, each within 0.5 pt) was kept. Exits 1 if a build fails.
"""

import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def node_centres(svg):
    """{node id: (x, y)} of each actor's frame centre (stand-ins for other parts left out)."""
    centres = {}
    for m in re.finditer(r'<g id="([^"]*)" class="node(?! stand-in)[^"]*">(.*?)</g>', svg, re.S):
        shape = re.search(r'<(polygon|ellipse|path)[^>]*?(points|cx|d)="([^"]*)"(?: cy="([-\d.]+)")?', m.group(2))
        if shape is None:
            continue
        if shape.group(1) == "ellipse":
            centres[html.unescape(m.group(1))] = (float(shape.group(3)), float(shape.group(4)))
            continue
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.group(3))]
        xs, ys = numbers[0::2], numbers[1::2]
        centres[html.unescape(m.group(1))] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return centres


def maps_of(out):
    """{map file: {node: centre}} of an edition's SVG maps (parts of a split map apart)."""
    maps = {}
    for folder in [out, os.path.join(out, "maps")]:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".svg") or name == "changes.svg":
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if re.search(r"-part-\d+\.svg$", name) is None and "-part-1--" in text:
                continue  # a split map's figure: its parts are counted each
            maps[os.path.relpath(path, out)] = node_centres(text)
    return maps


def sign(a, b):
    return 0 if abs(a - b) < 0.5 else (1 if a > b else -1)


def compare(before, after):
    """Displacements of the actors in both, and (pairs kept, pairs)."""
    common = sorted(set(before) & set(after))
    moves = [((after[n][0] - before[n][0]) ** 2 + (after[n][1] - before[n][1]) ** 2) ** 0.5 for n in common]
    kept = pairs = 0
    for i, p in enumerate(common):
        for q in common[i + 1:]:
            pairs += 1
            kept += all(sign(before[p][k], before[q][k]) == sign(after[p][k], after[q][k]) for k in (0, 1))
    return moves, kept, pairs


def build(relmap, root, out, split, env):
    args = [relmap, "build", "--quiet", "--schema", os.path.join(root, "graph-schema.yaml"),
            "--data", os.path.join(root, "data"), "--out", out] + ([] if split else ["--whole"])
    r = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"build failed: {r.stderr}")
    return maps_of(out)


def summary(label, moves, kept, pairs):
    if not moves:
        return f"{label}: no actors in common"
    far = sum(m > 100 for m in moves)
    return (f"{label}: median {statistics.median(moves):.0f} pt, {far} of {len(moves)} actors "
            f"({100 * far / len(moves):.0f}%) over 100 pt, {100 * kept / max(pairs, 1):.1f}% of {pairs} pair orders kept")


def main(argv):
    split = "--split" in argv
    argv = [a for a in argv if a != "--split"]
    if not argv:
        sys.exit(__doc__)
    relmap = os.path.abspath(argv[0])
    articles = argv[1:] or sorted(os.listdir(os.path.join(ROOT, "data", "articles")))
    totals = {"overview": [[], 0, 0], "source maps": [[], 0, 0]}
    with tempfile.TemporaryDirectory(prefix="relmap-stability-") as tmp:
        env = dict(os.environ, TMPDIR=os.path.join(tmp, "tmpdir"))
        os.mkdir(env["TMPDIR"])
        root = os.path.join(tmp, "project")
        shutil.copytree(os.path.join(ROOT, "data"), os.path.join(root, "data"))
        shutil.copy(os.path.join(ROOT, "graph-schema.yaml"), root)
        first = build(relmap, root, os.path.join(tmp, "first"), split, env)
        cache = os.path.join(root, ".relmap-cache")
        saved = os.path.join(tmp, "cache")
        shutil.copytree(cache, saved)
        for article in articles:
            path = os.path.join(root, "data", "articles", article)
            shutil.rmtree(cache)
            shutil.copytree(saved, cache)
            shutil.move(path, os.path.join(tmp, article))
            build(relmap, root, os.path.join(tmp, "without"), split, env)
            shutil.move(os.path.join(tmp, article), path)
            again = build(relmap, root, os.path.join(tmp, "again"), split, env)
            for name, after in sorted(again.items()):
                if name not in first:
                    continue
                moves, kept, pairs = compare(first[name], after)
                kind = "overview" if name.startswith("relmap") else "source maps"
                totals[kind][0] += moves
                totals[kind][1] += kept
                totals[kind][2] += pairs
                if kind == "overview":
                    print(summary(f"{article} {name}", moves, kept, pairs))
    for kind, (moves, kept, pairs) in totals.items():
        print(summary(f"all, {kind}", moves, kept, pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
