"""Every HTML page relmap writes, checked by the Nu Html Checker (vnu, the
W3C's HTML validator): the report of a build of data/, of the next edition
with its changes, of the dark theme with clusters, and of hostile text."""

import base64
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

RELMAP = os.environ["RELMAP"]
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))
VNU_JAR = os.environ.get("VNU_JAR") or os.path.join(ROOT, ".cache", "vnu", "node_modules", "vnu-jar", "build",
                                                     "dist", "vnu.jar")
JAVA = shutil.which("java")
# report.html is also well-formed XML (README), so its void elements close
# with "/>", which vnu only notes as having no effect in HTML.
XML_SYNTAX_NOTE = "Trailing slash on void elements has no effect"


def missing():
    """Why the checker cannot run here, or None."""
    if JAVA is None:
        return "java not found (Debian's default-jre-headless, which .ci/setup installs)"
    if not os.path.isfile(VNU_JAR):
        return "no vnu.jar at %s (.ci/setup installs vnu-jar from the npm registry there)" % VNU_JAR
    return None


def vnu(pages):
    """vnu's messages on the pages, as its JSON output gives them."""
    r = subprocess.run([JAVA, "-jar", VNU_JAR, "--format", "json", "--stdout", *pages], capture_output=True,
                       text=True, timeout=300)
    return json.loads(r.stdout)["messages"]


# vnu warns of every inline script and style under a Content-Security-Policy
# without 'unsafe-inline', whether or not the policy allows it by its hash.
CSP_INLINE_NOTE = ("Inline script violates Content Security Policy", "Inline style violates Content Security Policy")


def inline_allowed_by_hash(page):
    """True when every inline script and style of `page` is allowed by a sha256
    source of its Content-Security-Policy (a JSON data block runs nothing and
    needs none), as a browser checks them."""
    with open(page, encoding="utf-8") as f:
        html = f.read()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    if policy is None:
        return False
    sources = {}
    for directive in policy.group(1).split(";"):
        words = directive.split()
        if words:
            sources[words[0]] = set(words[1:])
    def allowed(directive, body):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        return "'sha256-%s'" % digest in sources.get(directive, set())
    scripts = re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    return (all(allowed("script-src", s) for s in scripts) and all(allowed("style-src", s) for s in styles)
            and bool(scripts or styles))


def problems(messages):
    """Every message but the note on XML syntax and the notes on inline code a
    page's policy allows by hash: errors, warnings and other notes."""
    hashed = {}
    def allowed_by_hash(m):
        if not m["message"].startswith(CSP_INLINE_NOTE) or not m.get("url", "").startswith("file:"):
            return False
        page = m["url"][len("file:"):]
        if page not in hashed:
            hashed[page] = inline_allowed_by_hash(page)
        return hashed[page]
    return [m for m in messages
            if not (m["type"] == "info" and "subType" not in m and m["message"].startswith(XML_SYNTAX_NOTE))
            and not allowed_by_hash(m)]


@unittest.skipIf(missing(), "HTML not checked: %s" % missing())
class HtmlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, TMPDIR=os.path.join(cls.tmp.name, "tmp"))
        os.mkdir(cls.env["TMPDIR"])
        # A copy of the project whose first edition lacks the last article.
        project = os.path.join(cls.tmp.name, "project")
        os.makedirs(os.path.join(project, "data"))
        shutil.copy(os.path.join(ROOT, "graph-schema.yaml"), project)
        shutil.copytree(os.path.join(ROOT, "data", "common"), os.path.join(project, "data", "common"))
        articles = sorted(glob.glob(os.path.join(ROOT, "data", "articles", "*.yaml")))
        os.mkdir(os.path.join(project, "data", "articles"))
        with open(os.path.join(project, "relmap.yaml"), "w") as f:
            f.write("schema: graph-schema.yaml\ndata: data\nout: out\n")
        cls.outs = {}
        for article in articles[:-1]:
            shutil.copy(article, os.path.join(project, "data", "articles"))
        cls.relmap(project, "build")
        cls.outs["first edition"] = cls.keep(os.path.join(project, "out"), "first")
        shutil.copy(articles[-1], os.path.join(project, "data", "articles"))
        cls.relmap(project, "build")
        cls.outs["next edition"] = os.path.join(project, "out")
        cls.outs["dark"] = os.path.join(cls.tmp.name, "dark")
        cls.relmap(project, "report", "--theme", "dark", "--clusters", "--out", cls.outs["dark"])
        cls.outs["in pages"] = os.path.join(cls.tmp.name, "paged")  # an index and pages of two sources
        cls.relmap(project, "report", "--sources-per-page", "2", "--out", cls.outs["in pages"])
        cls.outs["hostile"] = os.path.join(cls.tmp.name, "hostile")
        cls.relmap(project, "report", "--data", os.path.join(HERE, "fixtures", "hostile"), "--out",
                   cls.outs["hostile"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def relmap(cls, cwd, *args):
        r = subprocess.run([RELMAP, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=cls.env)
        assert r.returncode == 0, r.stderr

    @classmethod
    def keep(cls, out, name):
        """A copy of an output folder, as the next build replaces it."""
        kept = os.path.join(cls.tmp.name, name)
        shutil.copytree(out, kept)
        return kept

    def pages(self):
        return sorted(p for out in self.outs.values() for p in glob.glob(os.path.join(out, "**", "*.html"),
                                                                          recursive=True))

    def test_every_page_relmap_writes_is_valid_html(self):
        pages = self.pages()
        self.assertEqual([p for p in pages if os.path.basename(p) == "report.html"],
                         [os.path.join(out, "report.html") for out in sorted(self.outs.values())])
        with open(os.path.join(self.outs["next edition"], "report.html"), encoding="utf-8") as f:
            self.assertIn("Changes since the previous edition", f.read())
        messages = vnu(pages)
        self.assertEqual(problems(messages), [])
        self.assertEqual({m["url"] for m in messages if m["type"] == "error"}, set())

    def test_inline_code_is_let_pass_only_when_its_hash_is_allowed(self):
        page = os.path.join(self.tmp.name, "tampered.html")
        with open(os.path.join(self.outs["next edition"], "explore.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertTrue(inline_allowed_by_hash(os.path.join(self.outs["next edition"], "explore.html")))
        # One character more in the script: the browser would refuse it.
        at = html.rindex("</script>")
        with open(page, "w", encoding="utf-8") as f:
            f.write(html[:at] + ";" + html[at:])
        self.assertFalse(inline_allowed_by_hash(page))
        self.assertTrue([m for m in problems(vnu([page])) if m["message"].startswith(CSP_INLINE_NOTE)])

    def test_the_checker_finds_a_figcaption_out_of_place(self):
        # A caption between a map and its parts, as the report once had.
        page = os.path.join(self.tmp.name, "broken.html")
        with open(os.path.join(self.outs["next edition"], "report.html"), encoding="utf-8") as f:
            html = f.read()
        at = html.index("<svg", html.index("<figure"))
        with open(page, "w", encoding="utf-8") as f:
            f.write(html[:at] + "<figcaption>a map in parts</figcaption>" + html[at:])
        errors = [m["message"] for m in vnu([page]) if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertIn("figcaption", errors[0])


if __name__ == "__main__":
    unittest.main()
