#!/usr/bin/python3
"""Time relmap as whole processes on synthetic corpora, next to NetworkX, igraph and graph-tool.

    tests/bench/bench.py --sizes 10k,100k [--relmap build/relmap] [--work build/bench]

For each size, builds (or reuses) a corpus with gen_corpus.py under --work,
then times each step as its own process, run in the corpus folder: cold
validate (relmap's cache folder .relmap-cache/ removed first), validate after
one article changed, path (periphery to periphery, and hub to periphery),
path --all, --k 5, --weighted, neighbors --depth 2, stats, export to
GraphML, and build (every map laid out afresh with one job and with a job
per core, whose out/ folders must be the same, then after one article
changed, when only the maps it changed are laid out). The libraries then answer the same questions from that GraphML,
each as a one-shot process (load + answer); their own timing of the question
alone is reported too. Steps that take under --cheap seconds are repeated
(--repeat) and the median is kept. Peak RSS comes from /usr/bin/time -f %M
(the kernel's maxrss of each process).

Prints a table and the goals of the loader rewrite, and writes every figure
as JSON (--json). Answers that differ between relmap and a library are
printed as MISMATCH and make the exit code 1.
"""

import argparse
import contextlib
import glob
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GENERATOR = os.path.join(HERE, "gen_corpus.py")
LIB_QUERY = os.path.join(HERE, "lib_query.py")
LIB_PYTHON = "/usr/bin/python3"  # Debian's, where python3-networkx/-igraph/-graph-tool live
TIME = "/usr/bin/time"
CACHE = ".relmap-cache"
ALL_LIMIT = 100  # relmap's default --limit for --all

# step -> (what the table calls it, the library question it matches)
STEPS = {
    "floor": ("floor: list + stat data (C)", None),
    "validate-cold": ("validate, no cache", None),
    "validate-warm": ("validate, 1 article changed", None),
    "validate-comment": ("validate, 1 comment changed", None),
    "load-only": ("path A A (load, no search)", None),
    "libraries": ("libraries path A B loads", None),
    "path": ("path A B", "path"),
    "path-watched": ("path A B, served (watched)", None),
    "path-hub": ("path HUB B", "path"),
    "path-all": ("path --all A B", "all"),
    "path-k5": ("path --k 5 A B", "k"),
    "path-weighted": ("path --weighted A B", "weighted"),
    "neighbors": ("neighbors E --depth 2", "neighbors"),
    "stats": ("stats", None),
    "export": ("export -f graphml", None),
    "serve-path": ("serve: /api/path A B, warm", None),
    "build-1": ("build --jobs 1, fresh layouts", None),
    "build": ("build, a job per core, fresh", None),
    "build-warm": ("build, 1 article changed", None),
}
FLOOR_SOURCE = os.path.join(HERE, "floor.c")
SERVE_REQUESTS = 50  # timed requests to a warm relmap serve
LIBRARIES = {"networkx": "networkx", "igraph": "igraph", "graph-tool": "graph_tool"}


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size '{text}': expected e.g. 10k, 100k, 1M")
    return int(round(float(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2).lower()]))


def size_label(n):
    if n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def fmt_time(s):
    if s is None:
        return "-"
    if s < 1:
        return f"{s * 1000:.3g} ms"
    return f"{s:.3g} s" if s < 100 else f"{s:.0f} s"


def fmt_bytes(b):
    if b is None:
        return "-"
    return f"{b / 1e6:.0f} MB" if b < 1e9 else f"{b / 1e9:.2f} GB"


def fmt_ratio(r):
    if r is None:
        return "-"
    return f"x{r:.2g}" if r < 100 else f"x{r:.0f}"


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


class Runner:
    """Runs one command as a process and measures wall time, CPU time and peak RSS."""

    def __init__(self, args, out_dir):
        self.args = args
        self.out_dir = out_dir

    def once(self, cmd, cwd, out_name):
        """One run; its standard output goes to out_name under the output folder."""
        out_path = os.path.join(self.out_dir, out_name)
        with tempfile.NamedTemporaryFile("r", suffix=".time") as stamp, open(out_path, "wb") as out:
            t0 = time.perf_counter()
            p = subprocess.Popen([TIME, "-f", "%M %U %S", "-o", stamp.name, *cmd], cwd=cwd, stdout=out,
                                 stderr=subprocess.PIPE, start_new_session=True)
            try:
                _, err = p.communicate(timeout=self.args.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)  # time and the command it runs
                _, err = p.communicate()
                err = f"stopped after {self.args.timeout:g} s (--timeout)".encode()
            wall = time.perf_counter() - t0
            fields = (stamp.read().strip().splitlines() or ["0 0 0"])[-1].split()
        rss_kb, user, system = int(fields[0]), float(fields[1]), float(fields[2])
        return {"wall": wall, "cpu": round(user + system, 2), "rss": rss_kb * 1024, "rc": p.returncode,
                "stderr": err.decode(errors="replace")[-2000:], "out": out_path}

    def repeated(self, cmd, cwd, out_name, before=None, pairs=False, label="", ok=(0, 1)):
        """Runs `cmd` --repeat times, or once when it is expensive (with
        `pairs`, an even number of times, at least 2); `before(i)` prepares
        run i. Exit codes outside `ok` are failures."""
        runs = []
        i = 0
        while True:
            if before is not None:
                before(i)
            r = self.once(cmd, cwd, out_name)
            runs.append(r)
            i += 1
            if r["rc"] not in ok:
                break
            runs_wanted = self.args.repeat if r["wall"] < self.args.cheap else 1
            if pairs:
                runs_wanted = max(2, runs_wanted + runs_wanted % 2)
            if i >= runs_wanted:
                break
        walls = [r["wall"] for r in runs]
        summary = {"median": statistics.median(walls), "min": min(walls),
                   "cpu": statistics.median(r["cpu"] for r in runs), "rss": max(r["rss"] for r in runs), "runs": [round(w, 4) for w in walls],
                   "rc": runs[-1]["rc"], "out": runs[-1]["out"], "stderr": runs[-1]["stderr"].strip()}
        if runs[-1]["rc"] not in ok:
            summary["error"] = runs[-1]["stderr"]
            print(f"  {label}: FAILED (exit {runs[-1]['rc']}): {runs[-1]['stderr'].strip()[-300:]}",
                  file=sys.stderr)
        elif label:
            print(f"  {label}: {fmt_time(summary['median'])} (cpu {summary['cpu']:.2f} s, "
                  f"{fmt_bytes(summary['rss'])}, {len(runs)} run{'s' if len(runs) > 1 else ''})",
                  file=sys.stderr, flush=True)
        return summary


def floor_program(work):
    """The floor's C loop (floor.c), compiled once into the work folder."""
    program = os.path.join(work, "floor")
    if not os.path.exists(program) or os.path.getmtime(program) < os.path.getmtime(FLOOR_SOURCE):
        subprocess.run(["cc", "-O2", "-o", program, FLOOR_SOURCE], check=True)
    return program


DRAWING_LIBRARIES = ("libgvc", "libcgraph", "libcairo", "librsvg")


def libraries_loaded(cmd, folder):
    """The shared libraries the dynamic loader loads for `cmd`, as it tells
    with LD_DEBUG=libs, and which of them are for drawing."""
    env = dict(os.environ, LD_DEBUG="libs")
    run = subprocess.run(cmd, cwd=folder, env=env, capture_output=True)
    names = sorted(set(re.findall(r"calling init: (\S+)", run.stderr.decode(errors="replace"))))
    names = [os.path.basename(n) for n in names]
    return {"count": len(names), "drawing": [n for n in names if n.startswith(DRAWING_LIBRARIES)]}


def cpu_seconds(pid):
    """User + system CPU time of a running process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def relmap_served(relmap, folder):
    """`relmap serve --port 0` running in `folder`: yields the process and its
    port (None if it did not start), and stops it after."""
    p = subprocess.Popen([relmap, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", p.stdout.readline())
        yield p, int(m.group(1)) if m else None
    finally:
        os.killpg(p.pid, signal.SIGINT)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        p.stdout.close()
        p.stderr.close()


def serve_requests(relmap, folder, path, expected, requests, timeout):
    """Times `requests` GETs of `path` from `relmap serve` in `folder`, warm
    (after one untimed request opened the project), on one kept-alive
    connection; the answer is compared with `expected` (what the CLI printed)."""
    import http.client
    with relmap_served(relmap, folder) as (p, port):
        if port is None:
            return {"error": "relmap serve did not say where it listens", "rc": p.poll()}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

        def get():
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, r.read()

        t0 = time.perf_counter()
        status, body = get()
        first = time.perf_counter() - t0
        if status != 200:
            return {"error": f"status {status}: {body[-300:]!r}", "rc": status}
        cpu0 = cpu_seconds(p.pid)
        walls = []
        for _ in range(requests):
            t0 = time.perf_counter()
            status, body = get()
            walls.append(time.perf_counter() - t0)
        cpu = (cpu_seconds(p.pid) - cpu0) / requests
        with open(f"/proc/{p.pid}/status") as f:
            rss = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) * 1024
        conn.close()
        out = {"median": statistics.median(walls), "min": min(walls), "cpu": cpu, "rss": rss,
               "runs": [round(w, 5) for w in walls], "first": first, "rc": 0,
               "same_as_cli": body == expected}
        if body != expected:
            out["error"] = "the served answer differs from relmap path --format json"
        return out


def path_watched(runner, relmap, cmd, folder, label, step):
    """Times the command `cmd` while `relmap serve` watches the project's
    files, after checking (with -v) that the server vouched for the snapshot;
    its answer must be the one the command gives with no server."""
    unserved = subprocess.run(cmd, cwd=folder, capture_output=True).stdout
    with relmap_served(relmap, folder) as (p, port):
        if port is None:
            return {"error": "relmap serve did not say where it listens", "rc": p.poll()}
        said = subprocess.run([relmap, "-v", *cmd[1:]], cwd=folder, capture_output=True, text=True)
        if f"relmap serve (process {p.pid}) watches the files" not in said.stderr:
            return {"error": "relmap serve did not vouch for the snapshot: " + said.stderr[-300:],
                    "rc": said.returncode}
        s = runner.repeated(cmd, folder, f"{label}-{step}.txt", label=f"{label} {step}")
    if "error" not in s:
        with open(s["out"], "rb") as f:
            if f.read() != unserved:
                s["error"] = "the answer differs from the one given with no server"
    return s


def schema_weights(schema_path):
    with open(schema_path) as f:
        schema = yaml.safe_load(f)
    return {name: float(t.get("weight", 1)) for name, t in schema["relation_types"].items()}


def runs_at(lib_sizes, name, label):
    """Whether library name runs at size label: sizes given as LIB:SIZE bind that library
    alone, plain sizes (or all) every other one."""
    own = [s.split(":")[1] for s in lib_sizes if s.startswith(name + ":")]
    if own:
        return label in own
    return "all" in lib_sizes or label in lib_sizes


def corpus_folder(args, n):
    """The corpus of n relations under --work, generated unless an identical one is there."""
    folder = os.path.join(args.work, f"corpus-{size_label(n)}-seed{args.seed}")
    h = hashlib.sha256()
    for path in (GENERATOR, os.path.join(ROOT, "graph-schema.yaml")):
        with open(path, "rb") as f:
            h.update(f.read())
    h.update(f"{n} {args.seed}".encode())
    stamp_path = os.path.join(folder, ".bench-stamp")
    stamp = h.hexdigest()
    if os.path.isfile(stamp_path) and open(stamp_path).read().strip() == stamp:
        print(f"{size_label(n)}: reusing {folder}", file=sys.stderr)
        return folder, None
    print(f"{size_label(n)}: generating {folder} ...", file=sys.stderr, flush=True)
    if os.path.exists(folder) and not os.path.isfile(os.path.join(folder, "bench.json")):
        sys.exit(f"{folder} exists and is not a generated corpus; remove it or pick another --work")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, GENERATOR, folder, "--relations", str(n), "--seed", str(args.seed),
                    "--force"], check=True, stdout=sys.stderr)
    seconds = time.perf_counter() - t0
    with open(stamp_path, "w") as f:
        f.write(stamp + "\n")
    return folder, seconds


class OneArticle:
    """Rewrites one article with a changed evidence quote (or, with
    `comment`, with the words of its first comment changed, so that no fact
    moves), and back."""

    def __init__(self, folder, comment=False):
        self.comment = comment
        articles = os.path.join(folder, "data", "articles")
        names = sorted(os.listdir(articles))
        self.path = os.path.join(articles, names[len(names) // 2])
        with open(self.path, "rb") as f:
            self.original = f.read()
        self.modified = False

    def change(self, i):
        """Run i changes the quote; run i+1 puts it back (also a change of one file)."""
        if i % 2 == 1:
            self.restore()
            return
        lines = self.original.decode().split("\n")
        for n, line in enumerate(lines):
            if self.comment:
                if line.lstrip().startswith("#"):
                    lines[n] = line.replace("#", f"# Revision {i // 2 + 1}:", 1)
                    break
                continue
            at = line.find("evidence: ")
            if at < 0:
                continue
            value = line[at + len("evidence: "):]
            tail = "}" if value.endswith("}") else ""
            value = value[:-1] if tail else value
            inner = value[1:-1] if value.startswith('"') else value.replace("\\", "\\\\").replace('"', '\\"')
            lines[n] = line[:at] + f'evidence: "Revision {i // 2 + 1}: {inner}"' + tail
            break
        with open(self.path, "w") as f:
            f.write("\n".join(lines))
        self.modified = True

    def restore(self):
        if self.modified:
            with open(self.path, "wb") as f:
                f.write(self.original)
            self.modified = False


def relmap_answer(step, text):
    """What relmap answered, in the form lib_query.py gives it."""
    if step == "neighbors":
        m = re.search(r": (\d+) actors within \d+ hops?\n", text)
        return int(m.group(1)) if m else None
    heads = re.findall(r"^Path \d+ of \d+: .* \((\d+) hops?, cost ([0-9.e+]+)\)$", text, re.M)
    if not heads:
        return None
    if step == "path-weighted":
        return float(heads[0][1])
    if step == "path-all":
        return [int(heads[0][0]), min(len(heads), ALL_LIMIT)]
    if step == "path-k5":
        return sorted(int(h[0]) for h in heads)
    return int(heads[0][0])


def same_answer(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6
    return a == b


def library_versions(wanted):
    found = {}
    for name in wanted:
        module = LIBRARIES[name]
        p = subprocess.run([LIB_PYTHON, "-c", f"import {module}; print({module}.__version__)"],
                           capture_output=True, text=True)
        found[name] = p.stdout.strip().split()[0] if p.returncode == 0 else None
    return found


def after_one_edit(runner, cmd, folder, label, step, comment=False):
    """Time `cmd` after one article changed (its quote, or with `comment`
    a comment's words), in pairs (changed, then as it was); returns the
    timing, naming the article, and whether the snapshot is fresh after the
    last run."""
    article = OneArticle(folder, comment)
    try:
        s = runner.repeated(cmd, folder, f"{label}-{step}.txt", before=article.change, pairs=True,
                            label=f"{label} {step}")
    finally:
        article.restore()
    s["article"] = os.path.relpath(article.path, folder)
    return s, len(s["runs"]) % 2 == 0


def bench_size(args, n, runner, versions, problems):
    folder, gen_seconds = corpus_folder(args, n)
    with open(os.path.join(folder, "bench.json")) as f:
        corpus = json.load(f)
    q = corpus["queries"]
    a, b = q["periphery_periphery"]["from"], q["periphery_periphery"]["to"]
    hub, hub_far = q["hub_periphery"]["from"], q["hub_periphery"]["to"]
    ego = q["ego"]["id"]
    relmap = os.path.abspath(args.relmap)
    label = size_label(n)
    graphml = os.path.join(folder, "relmap.graphml")
    commands = {
        "validate-cold": ["validate"], "validate-warm": ["validate"], "validate-comment": ["validate"],
        "load-only": ["path", a, a], "path": ["path", a, b], "path-watched": ["path", a, b],
        "path-hub": ["path", hub, hub_far],
        "path-all": ["path", "--all", a, b], "path-k5": ["path", "--k", "5", a, b],
        "path-weighted": ["path", "--weighted", a, b], "neighbors": ["neighbors", ego, "--depth", "2"],
        "stats": ["stats"], "export": ["export", "--format", "graphml", "-o", graphml],
        "build-1": ["build", "--jobs", "1", "--out", "out-1"], "build": ["build", "--out", "out-n"],
        "build-warm": ["build", "--out", "out-n"],
    }
    lib_args = {"path": [a, b], "path-hub": [hub, hub_far], "path-all": [a, b, str(ALL_LIMIT)],
                "path-k5": [a, b, "5"], "path-weighted": [a, b], "neighbors": [ego, "2"]}
    result = {"relations": corpus["relations"], "entities": corpus["entities"], "files": corpus["files"],
              "bytes": corpus["bytes"], "generation_seconds": gen_seconds, "corpus": folder,
              "queries": q, "relmap": {}, "libraries": {}}
    fresh = False  # whether the last validate saw the data as it is now

    def drop_cache(_):
        shutil.rmtree(os.path.join(folder, CACHE), ignore_errors=True)

    def drop_layouts(_):
        """Each map laid out afresh: no kept layouts or drawings."""
        for kept in glob.glob(os.path.join(folder, CACHE, "*", "layout-*")) + \
                glob.glob(os.path.join(folder, CACHE, "*", "drawn-*")):
            os.remove(kept)

    for step in args.steps:
        if step == "libraries":
            result["loaded"] = libraries_loaded([relmap, "path", a, b], folder)
            continue
        if step == "floor":
            s = runner.repeated([floor_program(args.work), os.path.join(folder, "data")], folder,
                                f"{label}-{step}.txt", label=f"{label} {step}")
            if "error" in s:
                problems.append(f"FAILED: {label} {step}: exit {s['rc']}")
            result["relmap"][step] = s
            continue
        cmd = [relmap, *commands.get(step, [])]
        if not step.startswith("validate"):
            if not fresh:
                print("  (validate first, untimed, so that queries find a fresh snapshot)", file=sys.stderr)
                runner.once([relmap, "validate"], folder, f"{label}-prepare.txt")
                fresh = True
            # What the steps before wrote (a 250 MB snapshot at 1M) is flushed
            # first: else its writeback runs beside the runs timed here.
            os.sync()
        if step == "validate-cold":
            s = runner.repeated(cmd, folder, f"{label}-{step}.txt", before=drop_cache, label=f"{label} {step}")
            fresh = True
        elif step in ("validate-warm", "validate-comment"):
            if not fresh:  # else the first run times a cold validate
                print("  (validate first, untimed, so that only the edit is timed)", file=sys.stderr)
                runner.once([relmap, "validate"], folder, f"{label}-prepare.txt")
            s, fresh = after_one_edit(runner, cmd, folder, label, step, comment=step == "validate-comment")
        elif step in ("build-1", "build"):
            s = runner.repeated(cmd, folder, f"{label}-{step}.txt", before=drop_layouts, label=f"{label} {step}")
        elif step == "build-warm":
            if "build" not in args.steps:
                print("  (build first, untimed, so that layouts are kept)", file=sys.stderr)
                runner.once([relmap, *commands["build"]], folder, f"{label}-prepare-build.txt")
            s, fresh = after_one_edit(runner, cmd, folder, label, step)
        elif step == "path-watched":
            s = path_watched(runner, relmap, cmd, folder, label, step)
            if "error" in s:
                print(f"  {label} {step}: FAILED: {s['error']}", file=sys.stderr)
        elif step == "serve-path":
            expected = subprocess.run([relmap, "path", a, b, "--format", "json"], cwd=folder,
                                      capture_output=True).stdout
            s = serve_requests(relmap, folder, "/api/path?" + urllib.parse.urlencode({"from": a, "to": b}),
                               expected, SERVE_REQUESTS, args.timeout)
            if "error" in s:
                print(f"  {label} {step}: FAILED: {s['error']}", file=sys.stderr)
            else:
                print(f"  {label} {step}: {fmt_time(s['median'])} per request (cpu {s['cpu'] * 1000:.1f} ms; "
                      f"first {fmt_time(s['first'])}; {SERVE_REQUESTS} requests)", file=sys.stderr, flush=True)
        else:
            s = runner.repeated(cmd, folder, f"{label}-{step}.txt", label=f"{label} {step}")
        if STEPS[step][1] is not None and s["rc"] in (0, 1):
            with open(s["out"], encoding="utf-8", errors="replace") as f:
                s["answer"] = relmap_answer(step, f.read())
        if step == "build" and "error" not in s:
            out_1, out_n = os.path.join(folder, "out-1"), os.path.join(folder, "out-n")
            if os.path.isdir(out_1) and subprocess.run(["diff", "-rq", out_1, out_n], capture_output=True).returncode:
                problems.append(f"MISMATCH: {label} {step}: out/ differs from build --jobs 1's")
        if "error" in s or (step.startswith(("validate", "build")) and s["rc"] != 0):
            problems.append(f"FAILED: {label} {step}: relmap exited {s['rc']}")
        result["relmap"][step] = s

    lib_steps = [s for s in args.steps if STEPS[s][1] is not None]
    libs = [name for name in args.libs if versions.get(name) and runs_at(args.lib_sizes, name, label)]
    if lib_steps and libs and "export" not in args.steps:
        print("  (export GraphML, untimed, for the libraries)", file=sys.stderr)
        runner.once([relmap, *commands["export"]], folder, f"{label}-export.txt")
    weights = json.dumps(schema_weights(os.path.join(folder, "graph-schema.yaml")))
    for name in libs:
        per = result["libraries"].setdefault(name, {})
        for step in lib_steps:
            cmd = [LIB_PYTHON, LIB_QUERY, name, graphml, weights, STEPS[step][1], *lib_args[step]]
            s = runner.repeated(cmd, folder, f"{label}-{name}-{step}.json", label=f"{label} {name} {step}",
                                ok=(0, 3))
            if s["rc"] == 3:  # the library has no such algorithm
                per[step] = {"unsupported": s["stderr"]}
                continue
            if "error" in s:
                problems.append(f"FAILED: {label} {name} {step}: exit {s['rc']}")
                per[step] = s
                continue
            with open(s["out"]) as f:
                text = f.read().strip()
            try:
                data = json.loads(text)
                s.update(load=data["load"], query=data["query"], answer=data["answer"])
            except ValueError:
                s.update(load=None, query=None, answer=None, error=s["stderr"][-300:] or text[-300:])
            mine = result["relmap"].get(step, {})
            if "error" not in mine and not same_answer(mine.get("answer"), s["answer"]):
                msg = f"MISMATCH: {label} {step}: relmap answered {mine.get('answer')}, {name} {s['answer']}"
                problems.append(msg)
                print(msg, file=sys.stderr)
            per[step] = s
    return result


def ratio(lib, mine):
    if lib is None or mine is None or mine <= 0:
        return None
    return lib / mine


def query_estimate(r, step):
    """relmap's time for the question alone, estimated as the step's fastest
    whole process less the fastest `path A A` (the same loading, no search);
    None when not measured or within the noise of the two."""
    s, base = r["relmap"].get(step), r["relmap"].get("load-only")
    if s is None or base is None or "error" in s or "error" in base:
        return None
    d = s["min"] - base["min"]
    return d if d > 0 else None


def print_table(label, r, libs):
    print(f"\n== {label}: {r['relations']:,} relations, {r['entities']:,} entities, {r['files']:,} files, "
          f"{r['bytes'] / 1e6:.1f} MB"
          + (f"; generated in {r['generation_seconds']:.1f} s" if r["generation_seconds"] else " (reused)")
          + " ==")
    print(f"{'relmap':<30}{'wall':>10}{'cpu':>10}{'peak RSS':>10}  runs")
    for step, s in r["relmap"].items():
        print(f"{STEPS[step][0]:<30}{fmt_time(s['median']):>10}{s['cpu']:>8.3f} s{fmt_bytes(s['rss']):>10}"
              f"  {len(s['runs'])}" + (f"  FAILED: exit {s['rc']}" if "error" in s else ""))
    floor = r["relmap"].get("floor")
    if floor and "error" not in floor:
        for step in ("load-only", "path", "path-hub"):
            s = r["relmap"].get(step)
            if s and "error" not in s:
                print(f"{STEPS[step][0]} / floor: x{s['median'] / floor['median']:.2f} wall, "
                      f"x{s['cpu'] / max(floor['cpu'], 0.005):.2f} cpu")
    loaded = r.get("loaded")
    if loaded:
        print(f"path A B loads {loaded['count']} shared libraries; for drawing: "
              f"{', '.join(loaded['drawing']) or 'none'}")
    v = r["relmap"].get("validate-cold")
    if v and "error" not in v:
        print(f"validate: {v['rss'] / r['relations']:.0f} bytes of peak RSS per relation")
    questions = [step for step in r["relmap"] if STEPS[step][1] is not None]
    if not libs or not questions or not r["libraries"]:
        return
    print(f"\n{'question':<24}{'relmap':>9}{'~query':>9}", end="")
    for name in libs:
        print(f" | {name + ' 1-shot':>18}{'ratio':>8}{'query':>10}{'ratio':>9}", end="")
    print()
    for step in questions:
        s = r["relmap"][step]
        est = query_estimate(r, step)
        mine = None if "error" in s else s["median"]
        line = f"{STEPS[step][0]:<24}{fmt_time(mine) if mine else 'FAILED':>9}{fmt_time(est):>9}"
        for name in libs:
            ls = r["libraries"].get(name, {}).get(step)
            if ls is None or "unsupported" in ls or "error" in ls:
                shown = "-" if ls is None else "n/a" if "unsupported" in ls else "FAILED"
                line += f" | {shown:>18}{'':>8}{'':>10}{'':>9}"
                continue
            line += (f" | {fmt_time(ls['median']):>18}{fmt_ratio(ratio(ls['median'], mine)):>8}"
                     f"{fmt_time(ls.get('query')):>10}{fmt_ratio(ratio(ls.get('query'), est)):>9}")
        print(line)
    print("1-shot: the library's whole process (load GraphML + answer), ratio to relmap's whole process;\n"
          "query: the library's own timing of the question alone, ratio to ~query, relmap's estimated\n"
          "question time (its fastest process less the fastest `path A A`; '-' within noise).\n"
          "Above x1: relmap is faster.")


def goals(results, baseline):
    """The goals of the loader rewrite, each judged at the size it names."""
    out = []

    def at(label, step, key="median", lib=None):
        r = results.get(label)
        if r is None:
            return None
        s = r["libraries"].get(lib, {}).get(step) if lib else r["relmap"].get(step)
        return None if s is None or "unsupported" in s or "error" in s else s.get(key)

    def goal(name, value, ok, shown):
        out.append({"goal": name, "value": value, "met": None if value is None else ok(value),
                    "shown": "not measured" if value is None else shown(value)})

    path = at("1M", "path")
    goal("path at 1M within 50 ms where the check is avoided safely (relmap serve watching the files)",
         at("1M", "path-watched"), lambda v: v <= 0.05, fmt_time)
    floor = at("1M", "floor")
    goal("path at 1M within 1.2x the floor (listing and stat'ing the data files, same run)",
         None if path is None or floor is None else path / floor, lambda v: v <= 1.2, lambda v: f"x{v:.2f}")
    loaded = results.get("1M", {}).get("loaded")
    goal("a text query loads no Graphviz, cairo or rsvg (path A B at 1M)",
         None if loaded is None else loaded["drawing"], lambda v: not v,
         lambda v: "none of them" if not v else ", ".join(v))
    served = at("1M", "serve-path")
    goal("/api/path at 1M from a warm relmap serve within 20 ms", served, lambda v: v <= 0.02, fmt_time)
    ig = at("1M", "path", lib="igraph")
    goal("path at 1M at least 100x faster than igraph one-shot",
         None if ig is None or path is None else ig / path, lambda v: v >= 100, fmt_ratio)
    cold = at("1M", "validate-cold")
    goal("cold validate of 1M within 40 s", cold, lambda v: v <= 40, fmt_time)
    if baseline:
        before = baseline.get("sizes", {}).get("1M", {}).get("relmap", {}).get("validate-cold", {}).get("median")
        goal("cold validate of 1M at least 2x faster than the baseline",
             None if before is None or cold is None else before / cold, lambda v: v >= 2, fmt_ratio)
    goal("validate after one article changed, 1M, within 2 s", at("1M", "validate-warm"), lambda v: v <= 2,
         fmt_time)
    goal("validate after one comment changed, 1M, within 0.5 s", at("1M", "validate-comment"),
         lambda v: v <= 0.5, fmt_time)
    # The query goals compare the questions alone: the library's own timing
    # against relmap's estimate, at the largest size where both were measured.
    for step, lib, factor, name in (("path-weighted", "networkx", 5, "weighted path query at least 5x NetworkX's"),
                                    ("neighbors", "igraph", 1, "2-hop ego query at least as fast as igraph's")):
        value, where, noise = None, None, False
        for label in sorted(results, key=parse_size, reverse=True):
            theirs = at(label, step, "query", lib)
            if theirs is None or at(label, step) is None or at(label, "load-only") is None:
                continue
            mine = query_estimate(results[label], step)
            where, noise = label, mine is None
            value = None if mine is None else theirs / mine
            break
        goal(f"{name} ({where or 'not measured'})", value, lambda v, f=factor: v >= f, fmt_ratio)
        if noise:
            out[-1]["shown"] = "relmap's question time is within the noise of its process time"
    goal("build at 100k within 60 s, a job per core (cpu: relmap's process alone, not its layouts)",
         at("100k", "build"), lambda v: v <= 60, fmt_time)
    one = at("100k", "build-1")
    goal("build at 100k, a job per core against one job", None if one is None or at("100k", "build") is None
         else one / at("100k", "build"), lambda v: v >= 1.5, fmt_ratio)
    warm = at("100k", "build-warm")
    goal("build at 100k after one article changed (only its maps laid out) at least 2x faster than afresh",
         None if warm is None or at("100k", "build") is None else at("100k", "build") / warm, lambda v: v >= 2,
         fmt_ratio)
    mem = at("1M", "validate-cold", "rss")
    per = None if mem is None else mem / results["1M"]["relations"]
    goal("validate memory at 1M within 600 bytes per relation", per, lambda v: v <= 600, lambda v: f"{v:.0f} B")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--relmap", default=os.path.join(ROOT, "build", "relmap"), help="The program to time")
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench"), help="Corpora and outputs")
    ap.add_argument("--sizes", default="10k,100k,1M", help="Relations per corpus, e.g. 10k,100k,1M")
    ap.add_argument("--seed", type=int, default=1, help="Seed of the corpora")
    ap.add_argument("--steps", default=",".join(STEPS), help="Subset of: " + ",".join(STEPS))
    ap.add_argument("--libs", default=",".join(LIBRARIES), help="Libraries to compare (skipped if not installed)")
    ap.add_argument("--lib-sizes", default="all", help="Sizes at which the libraries run (e.g. 10k,100k); LIB:SIZE items bind one library "
                         "(all,networkx:10k,networkx:100k)")
    ap.add_argument("--repeat", type=int, default=5, help="Runs of a cheap step (the median is kept)")
    ap.add_argument("--cheap", type=float, default=10, help="A step is cheap if one run takes less (seconds)")
    ap.add_argument("--timeout", type=float, default=3600, help="Seconds before a process is stopped")
    ap.add_argument("--json", help="Write all figures here (default: WORK/results.json)")
    ap.add_argument("--baseline", help="Results JSON of an earlier run, for the 2x cold-validate goal")
    args = ap.parse_args()
    args.sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    steps = [s for s in args.steps.split(",") if s]
    for s in steps:
        if s not in STEPS:
            ap.error(f"unknown step '{s}'; steps: {', '.join(STEPS)}")
    args.steps = [s for s in STEPS if s in steps]
    args.libs = [s for s in args.libs.split(",") if s]
    for s in args.libs:
        if s not in LIBRARIES:
            ap.error(f"unknown library '{s}'; libraries: {', '.join(LIBRARIES)}")
    args.lib_sizes = [s if s == "all" or ":" in s else size_label(parse_size(s)) for s in args.lib_sizes.split(",")]
    args.lib_sizes = [s.split(":")[0] + ":" + size_label(parse_size(s.split(":")[1])) if ":" in s else s
                      for s in args.lib_sizes]
    if not os.access(args.relmap, os.X_OK):
        ap.error(f"no relmap program at {args.relmap}: build it first")
    if not os.access(TIME, os.X_OK):
        ap.error(f"{TIME} is missing: run tests/bench/setup")
    args.work = os.path.abspath(args.work)
    out_dir = os.path.join(args.work, "out")
    os.makedirs(out_dir, exist_ok=True)
    versions = library_versions(args.libs)
    for name, v in versions.items():
        if v is None:
            print(f"note: {name} is not installed for {LIB_PYTHON}; skipped (tests/bench/setup installs it)",
                  file=sys.stderr)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    report = {"command": " ".join(sys.argv), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "loadavg_start": loadavg()},
              "relmap": {"binary": os.path.abspath(args.relmap), "commit": commit.stdout.strip() or None},
              "libraries": versions, "peak_rss": "/usr/bin/time -f %M (maxrss of each process)",
              "repeat": args.repeat, "cheap_seconds": args.cheap, "sizes": {}}
    problems = []
    runner = Runner(args, out_dir)
    for n in args.sizes:
        report["sizes"][size_label(n)] = bench_size(args, n, runner, versions, problems)
    report["machine"]["loadavg_end"] = loadavg()
    baseline = None
    if args.baseline:
        with open(args.baseline) as f:
            baseline = json.load(f)
    report["goals"] = goals(report["sizes"], baseline)
    report["problems"] = problems

    libs = [name for name in args.libs if versions.get(name)]
    print(f"relmap {report['relmap']['commit']} on {os.cpu_count()} cores; load average "
          f"{report['machine']['loadavg_start']} at start, {report['machine']['loadavg_end']} at end")
    for label, r in report["sizes"].items():
        print_table(label, r, libs)
    print("\nGoals:")
    for g in report["goals"]:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[g["met"]]
        print(f"  [{mark:>7}] {g['goal']}: {g['shown']}")
    for m in problems:
        print(m)
    path = args.json or os.path.join(args.work, "results.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"\nAll figures: {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
