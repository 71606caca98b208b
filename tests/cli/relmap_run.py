"""The relmap under test, run as the command-line tests run it.

RELMAP names the built program and RELMAP_ROOT the checkout (ctest sets
both). Every command-line test runs relmap through run(), so that each runs
it the same way: output captured, a time limit, text unless asked for bytes.
"""

import os
import shutil
import subprocess

RELMAP = os.environ["RELMAP"]
ROOT = os.environ.get("RELMAP_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# The generator of synthetic projects (tests/bench/gen_corpus.py).
GENERATOR = os.path.join(ROOT, "tests", "bench", "gen_corpus.py")


def run(*args, cwd=None, env=None, text=True, timeout=300):
    """relmap with `args`, its stdout and stderr captured (str, or bytes with text=False)."""
    return subprocess.run([RELMAP, *args], capture_output=True, text=text, cwd=cwd, env=env, timeout=timeout)


def copy_of_project(tmp):
    """A copy of the project's schema and data/ in `tmp`/p, with `tmp`/tmp for TMPDIR; returns the copy's folder."""
    os.mkdir(os.path.join(tmp, "tmp"))
    root = os.path.join(tmp, "p")
    os.mkdir(root)
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(root, "data"))
    shutil.copy(os.path.join(ROOT, "graph-schema.yaml"), root)
    return root
