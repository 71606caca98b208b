#!/usr/bin/python3
"""Time each Graphviz engine on synthetic corpora shaped like data/ (countries,
their bodies, people holding positions, events attended, a few hubs), to set
the sizes at which `--engine auto` switches engines.

    scripts/engine_timing.py build/relmap 40 100 200 400
    RELMAP_DENSITY=4 scripts/engine_timing.py build/relmap 100   # 4 times the cooperations

Prints one row per size: actors, relations, and seconds per engine (whole
`relmap render` process, SVG), or "-" past the time limit (60 s).
"""

import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = ["Ministry", "National", "Cyber", "Security", "Agency", "Information", "Communications", "Centre",
         "Defence", "Digital", "Public", "Response", "Team", "Council", "Office", "Technology"]


def corpus(n, rng):
    """About n actors and 1.5 n relations, with the mix of types of data/."""
    countries = max(3, n // 8)
    events = max(2, n // 10)
    people = max(2, n // 5)
    bodies = max(2, n - countries - events - people)
    lines = ["source: src", "entities:", "  - {id: src, type: source, name: Source, file: s.txt}"]
    for i in range(countries):
        lines.append(f"  - {{id: c{i}, type: country, name: Country {i}}}")
    for i in range(bodies):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        lines.append(f"  - {{id: b{i}, type: government_body, name: {name} {i}}}")
    for i in range(people):
        lines.append(f"  - {{id: p{i}, type: person, name: Person Number {i}}}")
    for i in range(events):
        lines.append(f"  - {{id: e{i}, type: event, name: Workshop on {rng.choice(WORDS)} {i}}}")
    lines.append("relations:")
    hub = lambda k: int(k * rng.random() ** 2)  # skewed: low numbers are hubs
    for i in range(bodies):
        lines.append(f"  - {{from: b{i}, type: part_of, to: c{hub(countries)}, evidence: x}}")
    for i in range(people):
        lines.append(f"  - {{from: p{i}, type: holds_position, to: b{rng.randrange(bodies)}, role: Minister, evidence: x}}")
    for _ in range(n // 3):
        lines.append(f"  - {{from: c{rng.randrange(countries)}, type: attended, to: e{hub(events)}, evidence: x}}")
    for _ in range(int(n * float(os.environ.get("RELMAP_DENSITY", "1")) / 4)):
        a, b = rng.randrange(bodies), rng.randrange(bodies)
        if a != b:
            lines.append(f"  - {{from: b{a}, type: cooperates_with, to: b{b}, evidence: x}}")
    return "\n".join(lines) + "\n", n, len([l for l in lines if "from:" in l])


def main():
    relmap, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]] or [40, 60, 100, 150, 200, 300]
    engines = os.environ.get("RELMAP_ENGINES", "dot,neato,fdp,sfdp").split(",")
    limit = 60
    print("actors relations " + " ".join(f"{e:>7}" for e in engines) + "  dot+clusters fdp+clusters")
    for n in sizes:
        text, actors, relations = corpus(n, random.Random(n))
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "facts.yaml")
            with open(data, "w") as f:
                f.write(text)
            cells = []
            for engine, clusters in [(e, False) for e in engines] + [("dot", True), ("fdp", True)]:
                args = [relmap, "render", "--schema", os.path.join(ROOT, "graph-schema.yaml"), "--data", data,
                        "--engine", engine, "--timeout", str(limit), "-o", os.path.join(tmp, "map.svg")]
                start = time.monotonic()
                r = subprocess.run(args + (["--clusters"] if clusters else []), capture_output=True, text=True)
                seconds = time.monotonic() - start
                cells.append(f"{seconds:7.2f}" if r.returncode == 0 else "      -")
        k = len(engines)
        print(f"{actors:6} {relations:9} " + " ".join(cells[:k]) + f"  {cells[k]:>12} {cells[k + 1]:>12}", flush=True)


if __name__ == "__main__":
    main()
