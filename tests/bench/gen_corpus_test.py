"""The corpus generator: same seed, same bytes; and relmap accepts what it writes."""

import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

RELMAP = os.environ["RELMAP"]
HERE = os.path.dirname(os.path.abspath(__file__))


def generate(out, seed, relations=300, hash_seed="0"):
    """Runs the generator; `hash_seed` varies Python's string hashing, which must not matter."""
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), out, "--relations", str(relations),
                    "--seed", str(seed)], check=True, capture_output=True, timeout=60,
                   env=dict(os.environ, PYTHONHASHSEED=hash_seed))


def tree(folder):
    """Relative paths of every file the generator wrote under `folder`, sorted
    (relmap's own cache folder left out)."""
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, files in os.walk(folder) for f in files
                  if ".relmap-cache" not in os.path.relpath(d, folder).split(os.sep))


class GenCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.first = os.path.join(cls.tmp.name, "first")
        generate(cls.first, seed=7)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_seed_gives_identical_files(self):
        second = os.path.join(self.tmp.name, "second")
        generate(second, seed=7, hash_seed="12345")
        self.assertEqual(tree(self.first), tree(second))
        _, mismatch, errors = filecmp.cmpfiles(self.first, second, tree(self.first), shallow=False)
        self.assertEqual((mismatch, errors), ([], []))

    def test_other_seed_gives_other_facts(self):
        other = os.path.join(self.tmp.name, "other")
        generate(other, seed=8)
        _, mismatch, _ = filecmp.cmpfiles(self.first, other, ["data/common/countries.yaml"], shallow=False)
        self.assertEqual(mismatch, ["data/common/countries.yaml"])

    def test_relmap_validates_it_cleanly(self):
        r = subprocess.run([RELMAP, "validate"], cwd=self.first, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertRegex(r.stdout, r" 300 relations in \d+ files: 0 errors, 0 warnings\n")

    def test_one_file_per_article_with_its_default_source(self):
        articles = os.listdir(os.path.join(self.first, "data", "articles"))
        self.assertGreater(len(articles), 5)
        for name in articles:
            self.assertRegex(name, r"^\d{6}-[a-z0-9-]+\.yaml$")
            with open(os.path.join(self.first, "data", "articles", name)) as f:
                self.assertRegex(f.read(), r"\nsource: src-\d{6}\n")

    def test_recommended_pair_is_as_far_apart_as_it_says(self):
        with open(os.path.join(self.first, "bench.json")) as f:
            pair = json.load(f)["queries"]["periphery_periphery"]
        r = subprocess.run([RELMAP, "path", pair["from"], pair["to"]], cwd=self.first, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(int(re.match(r"Path 1 of 1: .* \((\d+) hops?,", r.stdout).group(1)), pair["hops"])


if __name__ == "__main__":
    unittest.main()
