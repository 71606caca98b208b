"""The interactive edition (out/explore.html) and the timeline.

The page is read as a file (self-contained, its Content-Security-Policy
hashes, its data escaped, the same bytes from two builds) and opened in
headless Chromium through Selenium and chromium-driver (Debian's
python3-selenium and chromium-driver; skipped, saying so, where they are
missing): search, an actor's panel, paths compared hop by hop with `relmap
path --format json`, the date slider against `relmap stats`, a fragment URL,
the embedded view, and a hostile name shown as text. The timeline is read
from `relmap render --view timeline`: a mark for every dated fact, the
undated listed apart, no text under 6 pt at 16 cm.
"""

import base64
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import yaml

import relmap_run
from relmap_run import copy_of_project, run

CHROMEDRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # python3-selenium is not installed
    webdriver = None

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "</script><img src=x onerror=alert(1)>\u202eevil"


def env_for(tmp):
    return dict(os.environ, TMPDIR=os.path.join(tmp, "tmp"))


def build(root, tmp, out="out"):
    """relmap build in the project at `root`; the path of its explore.html."""
    built = run("build", "--out", out, cwd=root, env=env_for(tmp))
    if built.returncode != 0:
        raise AssertionError(built.stderr)
    return os.path.join(root, out, "explore.html")


class Page(html.parser.HTMLParser):
    """The elements of a page that load or run something, and its inline scripts and styles."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.scripts, self.styles, self.loads, self.csp, self.data = [], [], [], None, None
        self._in, self._text = None, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "srcset", "data", "poster"):
            if name in a:
                self.loads.append((tag, name, a[name]))
        if tag == "link":
            self.loads.append((tag, "href", a.get("href")))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a["content"]
        if tag in ("script", "style"):
            self._in = (tag, a.get("type"))

    def handle_endtag(self, tag):
        if self._in is None:
            return
        kind, text = self._in[1], "".join(self._text)
        if tag == "style":
            self.styles.append(text)
        elif kind == "application/json":
            self.data = text
        else:
            self.scripts.append(text)
        self._in, self._text = None, []

    def handle_data(self, data):
        if self._in is not None:
            self._text.append(data)


def sha256(text):
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def facts(data_dir):
    """Entities and relations of the facts under `data_dir`, read with PyYAML, not relmap."""
    entities, relations = [], []
    for folder, folders, files in os.walk(data_dir):
        folders.sort()
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    doc = yaml.safe_load(f) or {}
                entities += doc.get("entities") or []
                relations += doc.get("relations") or []
    return entities, relations


class ExploreFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-explore-")
        cls.root = copy_of_project(cls.tmp)
        cls.page_path = build(cls.root, cls.tmp)
        with open(cls.page_path, encoding="utf-8") as f:
            cls.text = f.read()
        cls.page = Page(cls.text)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @unittest.skipIf(shutil.which("chromium") is None or shutil.which("pdftotext") is None,
                     "chromium or pdftotext (poppler-utils) not found: explore.html not printed")
    def test_prints_as_the_map_from_the_first_page(self):
        pdf = os.path.join(self.tmp, "explore.pdf")
        profile = os.path.join(self.tmp, "print-profile")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + self.page_path],
                       capture_output=True, timeout=300, env=env_for(self.tmp))
        pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
        self.assertTrue(pages)
        self.assertEqual([i + 1 for i, page in enumerate(pages) if not page.strip()], [], "no blank page")
        self.assertIn("Legend", pages[0])
        self.assertNotIn("Find an actor", "".join(pages), "the chrome is not printed")

    def test_loads_nothing_and_allows_only_its_own_script_and_style(self):
        self.assertEqual(self.page.loads, [])
        self.assertNotRegex(self.text, r"\b(src|href)=\"(https?:)?//[^\"]*\.(js|css)\"")
        self.assertEqual(len(self.page.scripts), 1)
        self.assertEqual(len(self.page.styles), 1)
        policy = dict(p.strip().split(" ", 1) for p in self.page.csp.split(";"))
        self.assertEqual(policy["default-src"], "'none'")
        self.assertEqual(policy["script-src"], f"'sha256-{sha256(self.page.scripts[0])}'")
        self.assertEqual(policy["style-src"], f"'sha256-{sha256(self.page.styles[0])}'")
        self.assertNotIn("unsafe", self.page.csp)
        self.assertNotIn("eval(", self.page.scripts[0])
        self.assertNotIn("innerHTML", self.page.scripts[0])

    def test_is_well_formed_xml(self):
        ET.fromstring(self.text.split("\n", 1)[1])  # after the doctype

    def test_the_map_is_the_overview_build_draws(self):
        with open(os.path.join(self.root, "out", "relmap.svg"), encoding="utf-8") as f:
            overview = f.read()
        element = overview[overview.index("<svg"):].strip()
        self.assertIn(element, self.text)

    def test_holds_every_actor_and_relation_as_data(self):
        data = json.loads(self.page.data)
        entities, relations = facts(os.path.join(self.root, "data"))
        self.assertEqual({n["id"] for n in data["nodes"]}, {e["id"] for e in entities})
        self.assertEqual(len(data["edges"]), len(relations))
        quotes = {r["evidence"] for r in relations}
        for e in data["edges"]:
            self.assertIn(e["quote"], quotes)
        for n in data["nodes"]:
            if n.get("source"):
                self.assertRegex(n["url"], r"^(https?://.*)?$")

    def test_two_builds_are_byte_identical(self):
        again = build(self.root, self.tmp, "out2")
        with open(again, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.text)


def rename_japan(root):
    """Give Japan the hostile name in the project at `root`."""
    path = os.path.join(root, "data", "common", "countries.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    marker = "{id: japan, type: country, name: Japan,"
    if marker not in text:
        raise AssertionError("Japan's line has changed: " + path)
    text = text.replace(marker, "{id: japan, type: country, name: " + json.dumps(HOSTILE) + ",")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class HostileNameFileTest(unittest.TestCase):
    def test_a_name_with_markup_stays_data(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            rename_japan(root)
            with open(build(root, tmp), encoding="utf-8") as f:
                page = Page(f.read())
            self.assertEqual(len(page.scripts), 1)
            self.assertNotIn("<", page.data)
            self.assertIn(HOSTILE, [n["name"] for n in json.loads(page.data)["nodes"]])
            self.assertEqual(page.loads, [])


def dated_fixture(root):
    """Facts with dates of every kind, added to the project at `root`."""
    doc = {
        "source": "src-900",
        "entities": [
            {"id": "src-900", "type": "source", "name": "A dated test source", "title": "A dated test source",
             "file": "900.txt", "date": "2019-03-04", "url": "https://example.org/a"},
            {"id": "test-summit", "type": "event", "name": "Test summit", "date": "2019-05-02"},
            {"id": "test-undated-meeting", "type": "event", "name": "Undated test meeting"},
            {"id": "test-accord", "type": "agreement", "name": "Test accord", "start": "2018", "end": "2020-06"},
            {"id": "test-forum", "type": "international_organisation", "name": "Test forum"},
        ],
        "relations": [
            {"from": "japan", "to": "test-summit", "type": "attended", "evidence": "Japan attended", "basis": "stated"},
            {"from": "japan", "to": "test-accord", "type": "party_to", "evidence": "Japan signed",
             "basis": "stated", "signed": "2018-02"},
            {"from": "japan", "to": "test-forum", "type": "member_of", "evidence": "Japan joined",
             "basis": "stated", "start": "2018-06", "end": "2019-12-31"},
            {"from": "cambodia", "to": "test-undated-meeting", "type": "attended", "evidence": "Cambodia came",
             "basis": "implied"},
        ],
    }
    with open(os.path.join(root, "data", "articles", "900-dated-test.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)


class TimelineTest(unittest.TestCase):
    def timeline(self, root, tmp, *extra):
        drawn = run("render", "--view", "timeline", *extra, cwd=root, env=env_for(tmp), text=False)
        self.assertEqual(drawn.returncode, 0, drawn.stderr)
        return drawn.stdout

    def check(self, root, tmp):
        svg = ET.fromstring(self.timeline(root, tmp))
        marks = [g for g in svg.iter(SVG + "g") if "mark" in (g.get("class") or "").split()]
        entities, relations = facts(os.path.join(root, "data"))
        by_actor = {g.get("data-actor") for g in marks if "actor" in g.get("class")}
        by_relation = {g.get("data-relation") for g in marks if "relation" in g.get("class")}
        reports = {g.get("data-source") for g in marks if "report" in g.get("class")}
        undated = " ".join(t.text or "" for t in svg.iter(SVG + "text") if t.get("class") == "undated-line")
        for e in entities:
            dated = any(e.get(k) for k in ("date", "start", "end"))
            if e["type"] == "source":
                self.assertEqual(e["id"] in reports, bool(dated), e["id"])
            elif dated:
                self.assertIn(e["id"], by_actor)
            else:
                self.assertNotIn(e["id"], by_actor)
                if e["type"] in ("event", "agreement"):
                    self.assertIn(" ".join(e["name"].split()), " ".join(undated.split()))
        for i, r in enumerate(relations):
            own = any(r.get(k) for k in ("start", "end", "signed", "expected"))
            self.assertEqual(str(i) in by_relation, own, r)
        for g in marks:
            self.assertRegex(g.get("data-first"), r"^\d{8}$")
            self.assertTrue(g.find(SVG + "title").text)
        width_cm = float(svg.get("width").removesuffix("pt")) / 72 * 2.54
        self.assertAlmostEqual(width_cm, 16, places=1)
        sizes = [float(t.get("font-size")) for t in svg.iter(SVG + "text")]
        self.assertGreaterEqual(min(sizes), 6)
        return marks

    def test_data_timeline_places_the_dated_and_lists_the_undated(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            self.check(root, tmp)

    def test_dated_facts_of_every_kind(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            dated_fixture(root)
            marks = self.check(root, tmp)
            summit = [g for g in marks if g.get("data-actor") == "test-summit"]
            self.assertEqual([(g.get("data-first"), g.get("data-last")) for g in summit], [("20190502", "20190502")])
            accord = [g for g in marks if g.get("data-actor") == "test-accord" and "actor" in g.get("class")]
            # the last day of a month is taken as its 31st, as --as-of takes it
            self.assertEqual([(g.get("data-first"), g.get("data-last")[:6]) for g in accord], [("20180101", "202006")])
            report = [g for g in marks if g.get("data-source") == "src-900" and "report" in g.get("class")]
            self.assertEqual(len(report), 1)
            # the two relations of src-900 without dates of their own
            self.assertIn("2 relations reported", report[0].find(SVG + "title").text)

    def test_prints_at_16_cm_with_no_text_under_6_pt(self):
        if shutil.which("pdftotext") is None:
            self.skipTest("poppler-utils is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            pdf = self.timeline(root, tmp, "-f", "pdf", "--width", "16cm")
            path = os.path.join(tmp, "t.pdf")
            with open(path, "wb") as f:
                f.write(pdf)
            info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
            width = float(re.search(r"Page size:\s+([\d.]+) x", info).group(1))
            self.assertAlmostEqual(width / 72 * 2.54, 16, places=1)
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
            self.assertIn("Not dated, so not placed", text)

    def test_the_report_shows_the_timeline_linked_to_its_sources(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            build(root, tmp)
            with open(os.path.join(root, "out", "report.html"), encoding="utf-8") as f:
                report = f.read()
            self.assertIn('<section id="timeline">', report)
            for anchor in re.findall(r'<a href="#(section-[^"]+)">\s*<g class="mark', report):
                self.assertIn(f'id="{anchor}"', report)

    def test_dot_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_of_project(tmp)
            r = run("render", "--view", "timeline", "-f", "dot", cwd=root, env=env_for(tmp))
            self.assertEqual(r.returncode, 2)
            self.assertIn("the timeline is drawn without a layout", r.stderr)


class GeneratedCorpusTest(unittest.TestCase):
    """A corpus past the overview's 300 actors, its facts dated (tests/bench/gen_corpus.py)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-explore-corpus-")
        os.mkdir(os.path.join(cls.tmp, "tmp"))
        cls.root = os.path.join(cls.tmp, "corpus")
        subprocess.run(["/usr/bin/python3", relmap_run.GENERATOR, cls.root, "--relations", "2000"],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_page_holds_the_summary_and_says_so(self):
        with open(build(self.root, self.tmp), encoding="utf-8") as f:
            text = f.read()
        page = Page(text)
        data = json.loads(page.data)
        self.assertTrue(data["summary"])
        self.assertEqual(data["edges"], [])
        self.assertGreater(len([n for n in data["nodes"] if not n.get("source")]), 300)
        self.assertIn('id="summary-notice"', text)
        self.assertIn("relmap serve", text)
        with open(os.path.join(self.root, "out", "relmap.svg"), encoding="utf-8") as f:
            overview = f.read()
        self.assertIn(overview[overview.index("<svg"):].strip(), text)
        self.assertLess(len(text), 4_000_000)

    @unittest.skipIf(webdriver is None or CHROMEDRIVER is None, "python3-selenium or chromium-driver is not installed")
    def test_the_summary_lines_stay_drawn(self):
        page = build(self.root, self.tmp, "out-browser")
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={os.path.join(self.tmp, 'profile')}"]:
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.get("file://" + page)
            self.assertTrue(driver.find_element(By.ID, "summary-notice").is_displayed())
            self.assertGreater(len(driver.find_elements(By.CSS_SELECTOR, "#map g.edge")), 10)
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "#map g.edge.filtered"), [])
            self.assertFalse(driver.find_element(By.ID, "path-go").is_enabled())
        finally:
            driver.quit()

    def test_the_timeline_places_every_dated_fact(self):
        marks = TimelineTest.check(self, self.root, self.tmp)
        self.assertGreater(len(marks), 10)

    def test_the_report_prints_the_timeline_in_column_high_pages(self):
        build(self.root, self.tmp, "out-report")
        with open(os.path.join(self.root, "out-report", "report.html"), encoding="utf-8") as f:
            report = f.read()
        section = report[report.index('<section id="timeline">'):]
        section = section[:section.index("</section>")]
        heights = [float(re.search(r' height="([\d.]+)pt"', tag).group(1))
                   for tag in re.findall(r'<svg [^>]*class="relmap-timeline"[^>]*>', section)]
        self.assertGreater(len(heights), 1)
        for height in heights:
            self.assertLessEqual(height / 72 * 2.54, 24.7 + 2.0)  # the undated list may run a little over
        drawn = [set(re.findall(r'<g class="mark[^"]*"[^>]*data-first="(\d+)"[^>]*data-actor="([^"]*)"'
                                r'(?: data-relation="(\d+)")?', section))]
        whole = TimelineTest.timeline(self, self.root, self.tmp).decode()
        self.assertEqual(drawn[0], set(re.findall(r'<g class="mark[^"]*"[^>]*data-first="(\d+)"[^>]*'
                                                  r'data-actor="([^"]*)"(?: data-relation="(\d+)")?', whole)))

    timeline = TimelineTest.timeline


@unittest.skipIf(webdriver is None or CHROMEDRIVER is None, "python3-selenium or chromium-driver is not installed")
class ExploreInBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-explore-browser-")
        cls.root = copy_of_project(cls.tmp)
        dated_fixture(cls.root)
        cls.page_path = build(cls.root, cls.tmp)
        cls.url = "file://" + cls.page_path
        with open(cls.page_path, encoding="utf-8") as f:
            cls.data = json.loads(Page(f.read()).data)
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                    f"--user-data-dir={os.path.join(cls.tmp, 'profile')}"]:
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        cls.driver.set_page_load_timeout(60)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open(self, suffix=""):
        self.driver.get("about:blank")
        self.driver.get(self.url + suffix)
        WebDriverWait(self.driver, 20).until(
            lambda d: d.execute_script("return document.documentElement.classList.contains('js')"))
        problems = [e for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        self.assertEqual(problems, [], "the console reports problems")

    def panel_title(self):
        return self.driver.find_element(By.CSS_SELECTOR, "#panel h2").text

    def vertex(self, actor_id):
        return next(i for i, n in enumerate(self.data["nodes"]) if n["id"] == actor_id)

    def test_search_then_click_shows_the_actor_and_its_relations(self):
        self.open()
        box = self.driver.find_element(By.ID, "search")
        box.send_keys("Lao CERT")
        found = self.driver.find_elements(By.CSS_SELECTOR, "#search-results button")
        self.assertTrue(found)
        found[0].click()
        self.assertEqual(self.panel_title(), "Lao Computer Emergency Response Team")
        v = self.vertex("lao-cert")
        expected = sorted(i for i, e in enumerate(self.data["edges"]) if v in (e["from"], e["to"]))
        items = self.driver.find_elements(By.CSS_SELECTOR, "#panel li.relation")
        self.assertEqual([int(li.get_attribute("data-relation")) for li in items], expected)
        first = self.data["edges"][expected[0]]
        self.assertIn(first["quote"], items[0].text)
        source = self.data["nodes"][first["source"]]
        self.assertIn(source["title"], items[0].text)
        self.assertIn("lao-cert", self.driver.current_url)
        # the actor on the map is highlighted, the rest muted
        self.assertTrue(self.driver.execute_script(
            "return [...document.querySelectorAll('#map g.node')].some(e => e.id.endsWith('--n-lao-cert') &&"
            " e.classList.contains('chosen'))"))
        self.assertTrue(self.driver.execute_script("return document.querySelectorAll('#map g.node.dim').length > 0"))

    def test_the_keyboard_reaches_search_results_and_actors(self):
        self.open()
        box = self.driver.find_element(By.ID, "search")
        box.send_keys("Philippines")
        box.send_keys(Keys.ARROW_DOWN)
        focused = self.driver.switch_to.active_element
        self.assertEqual(focused.text, "Philippines")
        focused.send_keys(Keys.ENTER)
        self.assertEqual(self.panel_title(), "Philippines")
        node = self.driver.execute_script(
            "const e = [...document.querySelectorAll('#map g.node')].find(e => e.id.endsWith('--n-laos'));"
            " e.focus(); return e")
        self.assertEqual(node.get_attribute("tabindex"), "0")
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.assertEqual(self.panel_title(), "Laos")
        panel = self.driver.find_element(By.ID, "panel")
        self.assertEqual(panel.get_attribute("role"), "region")
        self.assertEqual(panel.get_attribute("aria-live"), "polite")
        self.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        self.assertNotIn("actor=", self.driver.current_url)

    def test_clicking_the_map_opens_an_actor_and_a_line(self):
        self.open()
        node = self.driver.execute_script(
            "return [...document.querySelectorAll('#map g.node')].find(e => e.id.endsWith('--n-cambodia'))")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
        node.click()
        self.assertEqual(self.panel_title(), "Cambodia")
        line = self.driver.execute_script(
            "return [...document.querySelectorAll('#map g.edge')].find(e => e.dataset.line !== undefined)")
        k = int(line.get_attribute("data-line"))
        self.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", line)
        shown = [int(li.get_attribute("data-relation"))
                 for li in self.driver.find_elements(By.CSS_SELECTOR, "#panel li.relation")]
        self.assertIn(k, shown)
        self.assertIn(self.data["edges"][k]["quote"],
                      self.driver.find_element(By.ID, "panel").text)

    def browser_path(self, a, b, fragment=""):
        self.open(f"#path={a},{b}{fragment}")
        if self.driver.find_elements(By.CSS_SELECTOR, "#panel .no-path"):
            return None
        hops = []
        for li in self.driver.find_elements(By.CSS_SELECTOR, "#panel ol.path > li"):
            e = self.data["edges"][int(li.get_attribute("data-relation"))]
            hops.append((li.get_attribute("data-from"), li.get_attribute("data-to"),
                         self.data["relationTypes"][e["type"]]["name"], li.get_attribute("data-direction"),
                         e["quote"]))
        return hops

    def cli_path(self, a, b, *flags):
        r = run("path", a, b, "--format", "json", *flags, cwd=self.root, env=env_for(self.tmp))
        if r.returncode != 0:
            return None
        hops = json.loads(r.stdout)["paths"][0]["hops"]
        return [(h["from"], h["to"], h["relation"], h["direction"], h["evidence"]) for h in hops]

    def sample_pairs(self):
        ids = [n["id"] for n in self.data["nodes"] if not n.get("source")]
        return [(ids[i], ids[(i * 7 + 11) % len(ids)]) for i in range(0, len(ids), 5)]

    def test_paths_are_the_answers_of_relmap_path(self):
        compared = 0
        for a, b in self.sample_pairs() + [("lao-cert", "philippines")]:
            for fragment, flags in [("", []), ("&stated=1", ["--stated-only"]),
                                    ("&hide-relations=member_of", ["--exclude-relations", "member_of"])]:
                with self.subTest(a=a, b=b, filter=flags):
                    self.assertEqual(self.browser_path(a, b, fragment), self.cli_path(a, b, *flags))
                    compared += 1
        self.assertGreater(compared, 20)

    def test_the_path_form_asks_by_name(self):
        self.open()
        self.driver.find_element(By.ID, "path-from").send_keys("Lao CERT")
        self.driver.find_element(By.ID, "path-to").send_keys("Philippines")
        self.driver.find_element(By.ID, "path-go").click()
        hops = self.driver.find_elements(By.CSS_SELECTOR, "#panel ol.path > li")
        self.assertEqual(len(hops), len(self.cli_path("lao-cert", "philippines")))
        self.assertIn("path=lao-cert,philippines", self.driver.current_url.replace("%2C", ","))

    def shown(self):
        return int(self.driver.find_element(By.ID, "map").get_attribute("data-relations-shown"))

    def stats_relations(self, *flags):
        r = run("stats", *flags, cwd=self.root, env=env_for(self.tmp))
        return int(re.search(r"(\d+) relations", r.stdout).group(1))

    def test_the_date_slider_hides_what_the_facts_do_not_support(self):
        for day, mode in [("2016-10-15", "as-of"), ("2019-04-01", "as-of"), ("2016-11-01", "reported-by"),
                          ("2019-03-10", "reported-by")]:
            with self.subTest(day=day, mode=mode):
                self.open(f"#{mode}={day}")
                self.assertEqual(self.shown(), self.stats_relations(f"--{mode}", day))
                for mark in self.driver.find_elements(By.CSS_SELECTOR, "#timeline g.mark"):
                    later = int(mark.get_attribute("data-first")) > int(day.replace("-", ""))
                    if later:
                        self.assertIn("filtered", mark.get_attribute("class"))
        self.open()
        everything = self.shown()
        self.driver.find_element(By.CSS_SELECTOR, "details.filters summary").click()
        slider = self.driver.find_element(By.ID, "date")
        self.driver.find_element(By.ID, "date-on").click()
        for _ in range(3):
            slider.send_keys(Keys.HOME)
        day = self.driver.find_element(By.ID, "date-text").text
        self.assertRegex(day, r"^\d{4}-\d{2}-\d{2}$")
        self.assertIn("as-of=" + day, self.driver.current_url)
        self.assertLess(self.shown(), everything)
        self.assertEqual(self.shown(), self.stats_relations("--as-of", day))

    def test_a_fragment_url_opens_the_same_view(self):
        self.open("#actor=japan&stated=1")
        url = self.driver.current_url
        title, classes = self.panel_title(), self.driver.execute_script(
            "return [...document.querySelectorAll('#map g')].map(e => e.getAttribute('class')).join('|')")
        self.open()
        self.open(url[len(self.url):])
        self.assertEqual(self.panel_title(), title)
        self.assertEqual(self.driver.execute_script(
            "return [...document.querySelectorAll('#map g')].map(e => e.getAttribute('class')).join('|')"), classes)
        self.assertTrue(self.driver.find_element(By.ID, "stated-only").is_selected())

    def test_without_script_it_is_the_plain_map(self):
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={os.path.join(self.tmp, 'profile-noscript')}"]:
            options.add_argument(arg)
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.get(self.url)
            self.assertFalse(driver.find_element(By.ID, "chrome").is_displayed())
            self.assertTrue(driver.find_element(By.CSS_SELECTOR, "#map svg").is_displayed())
            self.assertTrue(driver.find_element(By.CSS_SELECTOR, "#timeline svg").is_displayed())
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "#map .dim, #map .filtered"), [])
        finally:
            driver.quit()

    def test_embed_hides_the_chrome(self):
        for suffix in ["?embed", "#embed"]:
            with self.subTest(suffix=suffix):
                self.open(suffix)
                self.assertFalse(self.driver.find_element(By.ID, "chrome").is_displayed())
                self.assertTrue(self.driver.find_element(By.ID, "map").is_displayed())
        self.open()
        self.assertTrue(self.driver.find_element(By.ID, "chrome").is_displayed())

    def test_the_timeline_view_opens_a_fact(self):
        self.open("#view=timeline")
        self.assertTrue(self.driver.find_element(By.ID, "timeline").is_displayed())
        self.assertFalse(self.driver.find_element(By.ID, "map").is_displayed())
        mark = self.driver.find_element(By.CSS_SELECTOR, "#timeline g.mark.relation")
        self.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", mark)
        k = int(mark.get_attribute("data-relation"))
        self.assertIn(self.data["edges"][k]["quote"], self.driver.find_element(By.ID, "panel").text)
        self.assertTrue(self.driver.current_url.endswith("about:blank") is False)


@unittest.skipIf(webdriver is None or CHROMEDRIVER is None, "python3-selenium or chromium-driver is not installed")
class HostileNameInBrowserTest(unittest.TestCase):
    def test_shows_as_text(self):
        tmp = tempfile.mkdtemp(prefix="relmap-explore-hostile-")
        try:
            root = copy_of_project(tmp)
            rename_japan(root)
            page = build(root, tmp)
            options = webdriver.ChromeOptions()
            for arg in ["--headless=new", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={os.path.join(tmp, 'profile')}"]:
                options.add_argument(arg)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
            driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
            try:
                driver.get("file://" + page + "#actor=japan")
                self.assertEqual(driver.find_element(By.CSS_SELECTOR, "#panel h2").get_attribute("textContent"),
                                 HOSTILE)
                self.assertEqual(driver.find_elements(By.TAG_NAME, "img"), [])
                self.assertEqual([e for e in driver.get_log("browser") if e["level"] == "SEVERE"], [])
            finally:
                driver.quit()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
