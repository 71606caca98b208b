"""Maps that can be read where they are put: every per-source map, a focus
map and the path-in-context map of data/ drawn for a 16 cm report column, and
the overview for an A4 page turned landscape, print with no text under 6 pt
and no page larger than its A4 text block; so do the per-source maps of a
generated corpus and the answer of a path query. Each printed page carries
its own source list (the sources its lines' marks number).

The check is made on what was printed, independently of relmap's own refusal
of too small text: each PDF page's size (pdfinfo) against the natural size of
the part of the map it shows (the SVG's viewBox), which gives the scale its
text was printed at, times the smallest font size in that part."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import relmap_run
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))

CM = 72 / 2.54
COLUMN = (16 * CM, 24.7 * CM)     # a report column, no taller than an A4 text block
LANDSCAPE = (25.7 * CM, 18 * CM)  # an A4 text block turned landscape
SLACK = 0.5                        # points: PDF sizes are rounded


def run(*args, cwd):
    return relmap_run.run(*args, cwd=cwd, text=False, timeout=600,
                          env=dict(os.environ, TMPDIR=os.path.join(cwd, "..", "tmp")))


def parts_of(svg):
    """The natural size and the smallest font size of each part of a map, in
    order: the nested <svg> elements of a split map, or the map itself."""
    tops = [m.start() for m in re.finditer(r"<svg[ >]", svg)]
    nested = tops[1:] if len(tops) > 1 else tops
    out = []
    for k, start in enumerate(nested):
        end = nested[k + 1] if k + 1 < len(nested) else len(svg)
        body = svg[start:end]
        box = re.search(r'viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"', body)
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', body)]
        out.append((float(box.group(3)), float(box.group(4)), min(sizes)))
    return out


def page_sizes(pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", pdf], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


class PageFitTest(unittest.TestCase):
    """Each map, drawn with render -f pdf --width, on pages within its block."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.root = relmap_run.copy_of_project(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def sources(self, root):
        """The sources whose maps build draws (out/maps/source-ID.svg)."""
        out = os.path.join(self.tmp, "out-" + os.path.basename(root))
        built = run("build", "--out", out, cwd=root)
        self.assertEqual(built.returncode, 0, built.stderr.decode())
        names = {f[len("source-"):-len(".svg")] for f in os.listdir(os.path.join(out, "maps"))
                 if f.startswith("source-") and f.endswith(".svg")}
        # A map drawn in parts is also written a file a part (NAME-part-K.svg).
        ids = sorted(n for n in names if not (re.search(r"-part-\d+$", n) and re.sub(r"-part-\d+$", "", n) in names))
        self.assertTrue(ids)
        return ids

    def assert_fits(self, root, args, block, name, command="render"):
        pdf = os.path.join(self.tmp, name + ".pdf")
        width = "%.1fcm" % (block[0] / CM)
        drawn = run(command, *args, "-f", "pdf", "--width", width, "-o", pdf, cwd=root)
        self.assertEqual(drawn.returncode, 0, f"{name}: {drawn.stderr.decode()}")
        svg = run(command, *args, *(["-f", "svg"] if command != "render" else []), cwd=root)
        self.assertEqual(svg.returncode, 0, svg.stderr.decode())
        parts = parts_of(svg.stdout.decode())
        pages = page_sizes(pdf)
        self.assertEqual(len(pages), len(parts), f"{name}: a page for each part of the map")
        smallest = []
        for (pw, ph), (w, h, font) in zip(pages, parts):
            self.assertLessEqual(pw, block[0] + SLACK, f"{name}: page {pw:.0f} pt wide")
            self.assertLessEqual(ph, block[1] + SLACK, f"{name}: page {ph:.0f} pt tall")
            printed = font * pw / w
            smallest.append(printed)
            self.assertGreaterEqual(printed, 6 - 0.01, f"{name}: text printed at {printed:.2f} pt")
        for page in range(1, len(pages) + 1):
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                                  text=True, check=True).stdout
            self.assertRegex(text, r"Sources?:", f"{name}: page {page} has no source list")
            self.assertRegex(text, r"\[1\] ", f"{name}: page {page} numbers no source")
        print(f"{name}: {len(pages)} page(s), smallest text {min(smallest):.1f} pt", file=sys.stderr)

    def test_every_source_map_fits_a_report_column(self):
        for source in self.sources(self.root):
            with self.subTest(source=source):
                self.assert_fits(self.root, ["--source", source], COLUMN, "source-" + source)

    def test_a_focus_map_fits_a_report_column(self):
        # Japan: the actor with the most relations in the curated data.
        self.assert_fits(self.root, ["--focus", "japan", "--depth", "1"], COLUMN, "focus-japan")

    def test_the_path_in_its_surroundings_fits_a_report_column(self):
        self.assert_fits(self.root, ["--path", "lao-cert", "philippines"], COLUMN, "path")

    def test_the_answer_to_a_path_query_fits_a_report_column(self):
        self.assert_fits(self.root, ["lao-cert", "philippines"], COLUMN, "path-answer", command="path")

    def test_the_overview_fits_a_landscape_page(self):
        self.assert_fits(self.root, [], LANDSCAPE, "overview")

    def test_the_source_maps_of_a_generated_corpus_fit_a_report_column(self):
        corpus = os.path.join(self.tmp, "corpus")
        subprocess.run([sys.executable, relmap_run.GENERATOR, corpus,
                        "--relations", "200", "--schema", os.path.join(ROOT, "graph-schema.yaml")],
                       check=True, capture_output=True)
        for source in self.sources(corpus):
            with self.subTest(source=source):
                self.assert_fits(corpus, ["--source", source], COLUMN, "corpus-" + source)


if __name__ == "__main__":
    unittest.main()
