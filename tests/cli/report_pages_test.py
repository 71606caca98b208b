"""The report on screens and at sizes: a 400 px phone shows it without
sideways scrolling (Chromium through Selenium), and a corpus past the
documented number of sources gets report.html as an index with pages that
hold the same report, each small and self-contained."""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import relmap_run

ROOT = relmap_run.ROOT
HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = relmap_run.GENERATOR
XHTML = "{http://www.w3.org/1999/xhtml}"
PAGE_LIMIT = 3 * 1024 * 1024  # "a few MB": what a browser opens in a moment

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    DRIVER = shutil.which("chromedriver")
except ImportError:
    webdriver = None
    DRIVER = None


def report(project, out, *extra):
    os.mkdir(out)
    r = relmap_run.run("report", "--schema", os.path.join(project, "graph-schema.yaml"),
                       "--data", os.path.join(project, "data"), "--out", out, *extra,
                       env=dict(os.environ, TMPDIR=os.path.dirname(out)), timeout=600)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return sorted(glob.glob(os.path.join(out, "report*.html")))


class Page:
    """A page of the report read as XML (it is polyglot XHTML)."""

    def __init__(self, path):
        self.path, self.name = path, os.path.basename(path)
        self.size = os.path.getsize(path)
        self.root = ET.parse(path).getroot()
        self.ids = {e.get("id") for e in self.root.iter() if e.get("id")}
        self.links = [a.get("href") for a in self.root.iter(XHTML + "a") if a.get("href")]

    def ids_like(self, prefix):
        return {i for i in self.ids if i.startswith(prefix)}

    def rows(self):
        """The fact tables' rows, as their text."""
        return ["".join(tr.itertext()) for table in self.root.iter(XHTML + "table")
                if table.get("class") == "facts" for tr in table.iter(XHTML + "tr")][0:]


class SplitReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.project = os.path.join(cls.tmp.name, "corpus")
        subprocess.run([sys.executable, GENERATOR, cls.project, "--relations", "200", "--seed", "1"],
                       check=True, capture_output=True)
        cls.whole = [Page(p) for p in report(cls.project, os.path.join(cls.tmp.name, "whole"),
                                             "--sources-per-page", "0")]
        cls.split = [Page(p) for p in report(cls.project, os.path.join(cls.tmp.name, "split"),
                                             "--sources-per-page", "4")]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_zero_keeps_one_page(self):
        self.assertEqual([p.name for p in self.whole], ["report.html"])

    def test_the_index_links_to_pages_of_at_most_the_given_sources(self):
        names = [p.name for p in self.split]
        self.assertIn("report.html", names)
        index = next(p for p in self.split if p.name == "report.html")
        pages = [p for p in self.split if p.name != "report.html"]
        self.assertTrue(any(n.startswith("report-sources-") for n in names), names)
        self.assertTrue(any(n.startswith("report-actors-") for n in names), names)
        for page in pages:
            self.assertIn(page.name, index.links)  # every page is in the contents
            self.assertLessEqual(len(page.ids_like("section-")), 4, page.name)
        # The overview and the statistics are on the index; no source is.
        self.assertIn("overview", index.ids)
        self.assertIn("statistics", index.ids)
        self.assertEqual(index.ids_like("section-"), set())

    def test_the_pages_hold_the_same_report(self):
        whole = self.whole[0]
        sections, actors, rows = [], [], []
        for page in self.split:
            sections += page.ids_like("section-")
            actors += page.ids_like("actor-")
            rows += page.rows()
        # Each source and each actor once, every row of every fact table.
        self.assertEqual(sorted(sections), sorted(whole.ids_like("section-")))
        self.assertEqual(sorted(actors), sorted(whole.ids_like("actor-")))
        self.assertGreater(len(rows), 200 // 2)
        self.assertEqual(sorted(rows), sorted(whole.rows()))

    def test_every_link_between_pages_arrives(self):
        by_name = {p.name: p for p in self.split}
        checked = 0
        for page in self.split:
            for link in page.links:
                if link.startswith(("http:", "https:", "maps/", "relmap")):
                    continue
                target, _, anchor = link.partition("#")
                target = target or page.name
                self.assertIn(target, by_name, f"{page.name}: {link}")
                if anchor:
                    self.assertTrue(anchor in by_name[target].ids, f"{page.name}: {link}")
                checked += 1
        self.assertGreater(checked, 200)

    def test_each_page_is_self_contained_and_small(self):
        for page in self.split:
            with open(page.path, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("default-src 'none'", text)
            self.assertNotIn("<script", text)
            self.assertLessEqual(page.size, PAGE_LIMIT, page.name)


class DefaultSizeTest(unittest.TestCase):
    def test_the_five_articles_stay_one_page(self):
        with tempfile.TemporaryDirectory() as tmp:
            project = relmap_run.copy_of_project(tmp)
            pages = report(project, os.path.join(tmp, "out"))
        self.assertEqual([os.path.basename(p) for p in pages], ["report.html"])

    def test_a_corpus_past_the_default_gets_small_pages(self):
        # Past the documented 25 sources with the default: 700 relations
        # make about 32 articles.
        with tempfile.TemporaryDirectory() as tmp:
            project = os.path.join(tmp, "corpus")
            subprocess.run([sys.executable, GENERATOR, project, "--relations", "700", "--seed", "3"],
                           check=True, capture_output=True)
            pages = [Page(p) for p in report(project, os.path.join(tmp, "out"))]
        names = [p.name for p in pages]
        self.assertIn("report-sources-2.html", names)
        for page in pages:
            self.assertLessEqual(page.size, PAGE_LIMIT, page.name)
            self.assertLessEqual(len(page.ids_like("section-")), 25, page.name)
        print(f"\n{len(pages)} pages, the largest {max(p.size for p in pages) / 1e6:.2f} MB")


@unittest.skipIf(webdriver is None or DRIVER is None or shutil.which("chromium") is None,
                 "Selenium (python3-selenium), chromedriver (chromium-driver) or Chromium is not installed")
class PhoneTest(unittest.TestCase):
    """At a 400 px window, no page of the report is wider than the window:
    tables stack and maps scroll inside their own box."""

    def overflow(self, html):
        with tempfile.TemporaryDirectory() as profile:
            options = webdriver.ChromeOptions()
            for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=400,900",
                        f"--user-data-dir={profile}"]:
                options.add_argument(arg)
            driver = webdriver.Chrome(service=Service(DRIVER), options=options)
            try:
                driver.set_window_size(400, 900)
                driver.get("file://" + html)
                return driver.execute_script(
                    "return [document.documentElement.scrollWidth, window.innerWidth,"
                    " document.querySelector('td.evidence') ? document.querySelector('td.evidence')"
                    ".getBoundingClientRect().right : 0]")
            finally:
                driver.quit()

    def check(self, html):
        scroll, inner, evidence = self.overflow(html)
        self.assertLessEqual(inner, 400, html)
        self.assertLessEqual(scroll, inner, html)
        self.assertLessEqual(evidence, inner, html)  # the quotes are on screen

    def test_the_report_fits_a_phone_in_both_themes(self):
        with tempfile.TemporaryDirectory() as tmp:
            project = relmap_run.copy_of_project(tmp)
            for theme in ["light", "dark"]:
                pages = report(project, os.path.join(tmp, theme), "--theme", theme)
                self.check(pages[0])

    def test_split_pages_fit_a_phone(self):
        with tempfile.TemporaryDirectory() as tmp:
            project = os.path.join(tmp, "corpus")
            subprocess.run([sys.executable, GENERATOR, project, "--relations", "200", "--seed", "1"],
                           check=True, capture_output=True)
            pages = report(project, os.path.join(tmp, "out"), "--sources-per-page", "3")
            names = [os.path.basename(p) for p in pages]
            self.assertGreater(len(pages), 3)
            for name in ["report.html", "report-sources-1.html", "report-actors-1.html"]:
                self.check(pages[names.index(name)])


if __name__ == "__main__":
    unittest.main()
