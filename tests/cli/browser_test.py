"""Open the report in headless Chromium (Debian's package) through the DevTools
protocol on a pipe: fail on any console error, script, dialog or network
request, check the maps in the page, and keep a screenshot."""

import base64
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import yaml

RELMAP = os.environ["RELMAP"]
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")
SHOTS = os.environ.get("RELMAP_SCREENSHOTS", tempfile.gettempdir())
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def source_articles(data):
    """Ids of the source entities in the facts under `data`, read with PyYAML, not relmap."""
    ids = []
    for folder, _, files in os.walk(data):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    doc = yaml.safe_load(f) or {}
                ids += [e["id"] for e in doc.get("entities") or [] if e.get("type") == "source"]
    return ids


class DevTools:
    """Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def place_fds():
            # Copy both ends out of the way first: either may already be 3 or 4.
            read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            # The pipe ends are moved to fds 3 and 4 after fork; closing other
            # descriptors would close them again, so leave that off.
            close_fds=False, preexec_fn=place_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    def wait_for(self, method):
        for event in self.events:
            if event["method"] == method:
                return event
        while True:
            message = self.read()
            if message.get("method") == method:
                return message

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except (RuntimeError, OSError):
            pass
        self.proc.wait(timeout=30)
        os.close(self.to_browser)
        os.close(self.from_browser)


@unittest.skipIf(CHROMIUM is None and os.environ.get("CI") is None, "Chromium is not installed")
class ReportInBrowserTest(unittest.TestCase):
    def open_report(self, html_path, screenshot, width=1280, mobile=False):
        with tempfile.TemporaryDirectory() as profile:
            dt = DevTools(profile)
            try:
                target = dt.send("Target.createTarget", {"url": "about:blank"}, session=False)
                dt.session = dt.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                                     session=False)["sessionId"]
                for domain in ["Runtime", "Log", "Network", "Page"]:
                    dt.send(domain + ".enable")
                dt.send("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile})
                url = "file://" + html_path
                dt.send("Page.navigate", {"url": url})
                dt.wait_for("Page.loadEventFired")
                page = {}
                for name, expr in {
                    "svgs": "document.querySelectorAll('figure svg.relmap-map').length",  # maps and their parts
                    "page_width": "document.documentElement.clientWidth",
                    "page_scroll_width": "document.documentElement.scrollWidth",
                    "overview_box": "(b => [b.clientWidth, b.scrollWidth, getComputedStyle(b).overflowX])"
                                    "(document.querySelector('#overview .map-scroll'))",
                    "overview_label_px": "(t => t.getBoundingClientRect().height)"
                                         "(document.querySelector('#overview g.node text'))",
                    "links": "Array.from(document.querySelectorAll('p.map-link a')).map(a => a.getAttribute('href'))",
                    "scripts": "document.querySelectorAll('script').length",
                    "ids": "Array.from(document.querySelectorAll('[id]')).map(e => e.id).length",
                    "unique_ids": "new Set(Array.from(document.querySelectorAll('[id]')).map(e => e.id)).size",
                    "titles": "Array.from(document.querySelectorAll('svg > title')).map(t => t.textContent)",
                    "width": "document.querySelector('figure svg').getBoundingClientRect().width",
                    "natural_width": "document.querySelector('figure svg').viewBox.baseVal.width * 4 / 3",
                    "tooltips": "document.querySelectorAll('svg a[*|title]').length",
                    "height": "document.documentElement.scrollHeight",
                }.items():
                    page[name] = dt.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})[
                        "result"].get("value")
                shot = dt.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                           "clip": {"x": 0, "y": 0, "width": width,
                                                                    "height": min(page["height"], 6000),
                                                                    "scale": 1}})
                png = base64.b64decode(shot["data"])
                with open(screenshot, "wb") as f:
                    f.write(png)
                # Let late events arrive, then look at everything that happened.
                dt.send("Runtime.evaluate", {"expression": "1"})
                events = list(dt.events)
            finally:
                dt.close()
        errors = [e for e in events if
                  (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                  or e["method"] == "Runtime.exceptionThrown"
                  or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
                  or e["method"] == "Page.javascriptDialogOpening"]
        requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
        return page, errors, requests, png, url

    def build(self, out, data, *extra):
        r = subprocess.run([RELMAP, "report", "--schema", SCHEMA, "--data", data, "--out", out, *extra],
                           capture_output=True, text=True, cwd=ROOT, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        return os.path.join(out, "report.html")

    def check(self, html, shot_name, data):
        page, errors, requests, png, url = self.open_report(html, os.path.join(SHOTS, shot_name))
        maps = 1 + len(source_articles(data))  # the overview, then one map per article
        with open(html, encoding="utf-8") as f:
            if "Changes since the previous edition" in f.read():
                maps += 1  # and the map of what changed, when a previous edition differs
        # Each map links to its SVG file; a map drawn in parts is a figure a part.
        self.assertEqual(len(page["links"]), maps)
        out = os.path.dirname(html)
        figures = 0
        for link in page["links"]:
            self.assertTrue(os.path.isfile(os.path.join(out, link)), link)
            figures += max(1, len(glob.glob(os.path.join(out, link[:-len(".svg")] + "-part-*.svg"))))
        self.assertEqual(errors, [])
        self.assertEqual([r for r in requests if r != url], [])  # nothing but the page itself
        self.assertEqual(page["scripts"], 0)
        self.assertEqual(page["svgs"], figures)
        self.assertEqual(page["ids"], page["unique_ids"])  # maps inlined together never collide
        self.assertGreater(page["tooltips"], 0)
        self.assertAlmostEqual(page["width"], min(page["natural_width"], 2400), delta=1)  # the overview at its size
        self.assertLessEqual(page["page_scroll_width"], page["page_width"])  # the page itself never scrolls sideways
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(len(png), 20000)
        return page

    def test_curated_report(self):
        with tempfile.TemporaryDirectory() as out:
            data = os.path.join(ROOT, "data")
            page = self.check(self.build(out, data), "relmap-report.png", data)
        # The overview, whole or in parts for its page.
        self.assertTrue(any(t.startswith("Relationship map") for t in page["titles"]), page["titles"])

    def test_page_never_scrolls_sideways_and_the_overview_is_readable(self):
        with tempfile.TemporaryDirectory() as out:
            data = os.path.join(ROOT, "data")
            html = self.build(out, data)
            for width, mobile in [(1150, False), (400, True)]:
                page, errors, _, _, _ = self.open_report(html, os.path.join(SHOTS, f"relmap-report-{width}.png"),
                                                         width, mobile)
                self.assertEqual(errors, [])
                print(f"\n{width} px: page {page['page_scroll_width']} of {page['page_width']} px wide, "
                      f"overview box {page['overview_box']}, overview labels {page['overview_label_px']:.1f} px")
                self.assertLessEqual(page["page_scroll_width"], page["page_width"], width)
                # Only the overview's own box scrolls, and its labels stay readable.
                client, scroll, overflow = page["overview_box"]
                self.assertEqual(overflow, "auto")
                self.assertGreater(scroll, client, width)
                self.assertGreaterEqual(page["overview_label_px"], 12, width)

    def test_dark_report_with_clusters(self):
        with tempfile.TemporaryDirectory() as out:
            data = os.path.join(ROOT, "data")
            self.check(self.build(out, data, "--theme", "dark", "--clusters"), "relmap-report-dark.png", data)

    def test_hostile_data_stays_inert(self):
        with tempfile.TemporaryDirectory() as out:
            data = os.path.join(HERE, "fixtures", "hostile")
            page = self.check(self.build(out, data), "relmap-report-hostile.png", data)
        self.assertEqual(page["scripts"], 0)


if __name__ == "__main__":
    unittest.main()
