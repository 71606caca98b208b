"""Path answers ready to paste (-f md, -f html) and ranked otherwise than by
length (--rank supported, --rank informative), as a user runs them.

The Markdown is rendered by Python-Markdown with its footnotes extension,
as a draft's editor would render it; the HTML is parsed as a fragment.
"""

import html.parser
import json
import os
import tempfile
import unittest

import markdown

from relmap_run import copy_of_project, run


class Fragment(html.parser.HTMLParser):
    """Elements, attributes and text of an HTML fragment; fails on unbalanced tags."""

    VOID = {"img", "br"}

    def __init__(self):
        super().__init__()
        self.open, self.ids, self.hrefs, self.text, self.srcs = [], set(), [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID:
            self.open.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])

    def handle_endtag(self, tag):
        if self.open.pop() != tag:
            raise AssertionError("unbalanced </%s>" % tag)

    def handle_data(self, data):
        self.text.append(data)


def path_json(*args, cwd):
    result = run("path", *args, "-f", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class PastedAnswerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = copy_of_project(self.tmp.name)
        os.environ["TMPDIR"] = os.path.join(self.tmp.name, "tmp")
        answer = path_json("Lao CERT", "Philippines", cwd=self.root)
        self.hops = answer["paths"][0]["hops"]

    def tearDown(self):
        self.tmp.cleanup()

    def test_markdown_renders_with_a_footnote_per_hop_quoting_its_source(self):
        result = run("path", "Lao CERT", "Philippines", "-f", "md", cwd=self.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        rendered = markdown.markdown(result.stdout, extensions=["footnotes"])
        page = Fragment()
        page.feed(rendered)
        # Each hop's quote is in a footnote the paragraph links to.
        notes = [i for i in page.ids if i.startswith("fn:")]
        refs = [h for h in page.hrefs if h.startswith("#fn:")]
        self.assertEqual(len(notes), len({h["evidence"] for h in self.hops}), rendered)
        self.assertEqual(len(refs), len(self.hops), rendered)
        text = "".join(page.text)
        for hop in self.hops:
            self.assertIn("\u201C" + hop["evidence"] + "\u201D", text)
        self.assertIn("Lao Computer Emergency Response Team is part of Laos (implied)", text)
        self.assertNotIn("[^", text, "every footnote reference resolved")

    def test_with_an_output_file_the_figure_goes_beside_it(self):
        for fmt in ("md", "html"):
            out = os.path.join(self.tmp.name, "answer." + fmt)
            result = run("path", "Lao CERT", "Philippines", "-f", fmt, "-o", out, cwd=self.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            figure = os.path.join(self.tmp.name, "answer.svg")
            with open(figure, encoding="utf-8") as f:
                svg = f.read()
            self.assertIn("<svg", svg)
            self.assertIn("Lao Computer Emergency Response Team", svg)
            with open(out, encoding="utf-8") as f:
                self.assertIn("answer.svg", f.read())
            os.remove(figure)
        # An answer named .svg would be overwritten by its own figure.
        result = run("path", "Lao CERT", "Philippines", "-f", "md", "-o",
                     os.path.join(self.tmp.name, "answer.svg"), cwd=self.root)
        self.assertEqual(result.returncode, 2)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "answer.svg")))

    def test_html_is_a_balanced_fragment_whose_notes_link_both_ways(self):
        result = run("path", "Lao CERT", "Philippines", "-f", "html", cwd=self.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        page = Fragment()
        page.feed(result.stdout)
        page.close()
        self.assertEqual(page.open, [])
        for href in page.hrefs:
            if href.startswith("#"):
                self.assertIn(href[1:], page.ids, href)
        self.assertIn("note-1", page.ids)
        self.assertIn("ref-1", page.ids)

    def test_text_from_the_data_is_escaped_in_both(self):
        path = os.path.join(self.root, "data", "common", "countries.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("name: Laos,", text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("name: Laos,", "name: \"Laos *bold* <b>x</b> [^9]\",", 1))
        md = run("path", "Lao CERT", "Philippines", "-f", "md", cwd=self.root)
        self.assertEqual(md.returncode, 0, md.stderr)
        rendered = markdown.markdown(md.stdout, extensions=["footnotes"])
        self.assertNotIn("<b>x</b>", rendered)
        self.assertNotIn("<em>bold</em>", rendered)
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", rendered)
        page = Fragment()
        page.feed(rendered)
        self.assertIn("Laos *bold* <b>x</b> [^9]", "".join(page.text))
        html_answer = run("path", "Lao CERT", "Philippines", "-f", "html", cwd=self.root)
        self.assertEqual(html_answer.returncode, 0, html_answer.stderr)
        self.assertNotIn("<b>x</b>", html_answer.stdout)
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", html_answer.stdout)


class RankTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = copy_of_project(self.tmp.name)
        os.environ["TMPDIR"] = os.path.join(self.tmp.name, "tmp")

    def tearDown(self):
        self.tmp.cleanup()

    def test_each_answer_says_how_it_was_ranked(self):
        for rank, first in (("supported", "Ranked by support:"), ("informative", "Ranked by how specific:")):
            result = run("path", "Lao CERT", "Philippines", "--rank", rank, cwd=self.root)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(result.stdout.startswith(first), result.stdout)
            answer = path_json("Lao CERT", "Philippines", "--rank", rank, cwd=self.root)
            self.assertEqual(answer["rank"], rank)
            self.assertTrue(answer["ranked_by"].startswith(first))
        self.assertEqual(path_json("Lao CERT", "Philippines", cwd=self.root)["rank"], "length")

    def test_supported_paths_are_ordered_by_their_weakest_hop(self):
        answer = path_json("Lao CERT", "Philippines", "--rank", "supported", "--k", "4", cwd=self.root)
        keys = []
        for p in answer["paths"]:
            weakest = p["weakest_hop"]
            # The weakest hop is one of the path's, with the worst credibility.
            self.assertEqual(weakest["credibility"], max(min(c["credibility"] for c in h["citations"])
                                                         for h in p["hops"]))
            keys.append((weakest["disputed"], weakest["credibility"]))
        self.assertEqual(keys, sorted(keys))

    def test_weighted_and_informative_cannot_be_combined(self):
        result = run("path", "Lao CERT", "Philippines", "--rank", "informative", "--weighted", cwd=self.root)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--rank informative", result.stderr)
        result = run("path", "Lao CERT", "Philippines", "--rank", "best", cwd=self.root)
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    unittest.main()
