"""relmap serve: the browser front end answers as the command line does.

Each test class serves its own copy of the project (tests/relmap_run.py's
copy_of_project, with its own TMPDIR) with `relmap serve --port 0`, reads
the address it prints, and asks it over HTTP with urllib: the JSON API
against `relmap ... --format json` byte for byte, the pages against the
CLI's diagnostics, the Host check and the security headers, filters kept
in every link, the data edited while it serves (a relation added, a file
broken and fixed), and text from the data escaped. A last class drives
Debian's chromium through Selenium (python3-selenium, chromium-driver),
skipped, saying so, when they are missing.
"""

import glob
import html
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import relmap_run
from relmap_run import RELMAP, ROOT, copy_of_project

ARTICLES = os.path.normpath(os.path.join(ROOT, "..", "shared", "articles"))
FORUM = os.path.join("data", "articles", "000-cambodia-consultative-forum.yaml")


class Server:
    """`relmap serve --port 0` on a copy of the project, until stop()."""

    def __init__(self, tmp, root=None):
        """Serves a new copy of the project in `tmp`, or the one at `root` made before in `tmp`."""
        self.root = root or copy_of_project(tmp)
        if root is None and os.path.isdir(ARTICLES):
            with open(os.path.join(self.root, "relmap.yaml"), "w", encoding="utf-8") as f:
                f.write(f"schema: graph-schema.yaml\ndata: data\nsources: {ARTICLES}\n")
        self.env = dict(os.environ, TMPDIR=os.path.join(tmp, "tmp"))
        self.process = subprocess.Popen([RELMAP, "serve", "--port", "0"], cwd=self.root, env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first_line = self.process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:(\d+)/)$", self.first_line.strip())
        if not match:
            self.process.kill()
            raise AssertionError(f"relmap serve printed {self.first_line!r}: {self.process.stderr.read()}")
        self.url, self.port = match.group(1), int(match.group(2))

    def get(self, path, host=None):
        """(status, headers, body as str) of GET `path`."""
        request = urllib.request.Request(self.url.rstrip("/") + path)
        if host is not None:
            request.add_header("Host", host)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=120) as r:
                return r.status, r.headers, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8")

    def cli(self, *args):
        """relmap `args` in the served copy."""
        return relmap_run.run(*args, cwd=self.root, env=self.env)

    def stop(self):
        """SIGINT, as Ctrl-C sends it; the exit code (killed if it has not stopped in 20 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self.process.stdout.close()
            self.process.stderr.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def query(**params):
    return "?" + urllib.parse.urlencode(params)


def page_text(body):
    """The text of a page's diagnostics blocks, unescaped."""
    return "\n".join(html.unescape(m) for m in re.findall(r'<pre class="diagnostics"[^>]*>(.*?)</pre>', body, re.S))


# `relmap path` options and the same as URL parameters.
PATH_CASES = [
    ("lao-cert", "japan", [], {}),
    ("lao-cert", "japan", ["--stated-only"], {"stated_only": "1"}),
    ("laos", "japan", ["--k", "3"], {"k": "3"}),
    ("cambodia", "singapore", ["--all"], {"all": "1"}),
    ("lao-cert", "japan", ["--weighted"], {"weighted": "1"}),
    ("jica", "asean", ["--directed"], {"directed": "1"}),
    ("kh-mptc", "japan", ["--as-of", "2016", "--exclude-relations", "part_of"],
     {"as_of": "2016", "exclude_relations": "part_of"}),
    ("lao-cert", "japan", ["--relations", "located_in"], {"relations": "located_in"}),
    ("cambodia", "vietnam", ["--node-types", "country", "--parallel"], {"node_types": "country", "parallel": "1"}),
]


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-serve-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp)
        cls.server = Server(cls.tmp)
        cls.addClassCleanup(cls.server.stop)

    def test_prints_its_address_on_the_loopback(self):
        self.assertRegex(self.server.first_line,
                         r"^relmap: serving .+/p at http://127\.0\.0\.1:\d+/\n$")

    def test_api_path_is_what_relmap_path_prints(self):
        for a, b, flags, params in PATH_CASES:
            with self.subTest(a=a, b=b, flags=flags):
                cli = self.server.cli("path", a, b, "--format", "json", *flags)
                status, _, body = self.server.get("/api/path" + query(**{"from": a, "to": b}, **params))
                if cli.returncode == 0:
                    self.assertEqual(status, 200, body)
                    self.assertEqual(body, cli.stdout)
                else:
                    # No path: the same message, naming the filters in force.
                    self.assertEqual(status, 404, body)
                    message = cli.stderr.strip().removeprefix("error: ")
                    self.assertIn("no path from", message)
                    self.assertIn("error: " + message, json.loads(body)["diagnostics"])

    def test_path_page_shows_the_cli_hops_and_map(self):
        for a, b, flags, params in PATH_CASES:
            with self.subTest(a=a, b=b, flags=flags):
                cli = self.server.cli("path", a, b, "--format", "json", *flags)
                status, _, body = self.server.get("/path" + query(**{"from": a, "to": b}, **params))
                if cli.returncode != 0:
                    # The CLI's "no path" message, its filters named as the form names them.
                    self.assertEqual(status, 404)
                    message = cli.stderr.strip().removeprefix("error: ")
                    said = html.unescape(re.search(r'<p class="no-path"[^>]*>(.*?)</p>', body, re.S).group(1))
                    self.assertEqual(said.split(" (")[0], message.split(" (")[0])
                    self.assertNotIn("--", said)
                    continue
                self.assertEqual(status, 200)
                answer = json.loads(cli.stdout)
                quotes = re.findall(r"<blockquote>\u201C(.*?)\u201D</blockquote>", body, re.S)
                expected = [hop["evidence"] for p in answer["paths"] for hop in p["hops"]]
                self.assertEqual([html.unescape(q) for q in quotes], expected)
                self.assertEqual(body.count('<section class="path">'), len(answer["paths"]))
                self.assertIn("<svg", body)

    def test_no_path_names_the_filters(self):
        status, _, body = self.server.get("/path" + query(**{"from": "lao-cert", "to": "japan"}, relations="located_in"))
        self.assertEqual(status, 404)
        self.assertIn("(filters: relation types located_in)", body)
        # The command line names its options.
        cli = self.server.cli("path", "lao-cert", "japan", "--relations", "located_in")
        self.assertIn("(filters: --relations located_in)", cli.stderr)

    def test_unknown_actor_gets_the_cli_suggestion_as_a_link(self):
        cli = self.server.cli("neighbors", "Jicaa")
        self.assertEqual(cli.returncode, 1)
        suggestion = re.search(r"did you mean '([^']+)'", cli.stderr).group(1)
        status, _, body = self.server.get("/search" + query(q="Jicaa", stated_only="1"))
        self.assertEqual(status, 404)
        self.assertIn("No actor is called \u2018Jicaa\u2019", body)
        self.assertNotIn('class="diagnostics"', body)
        self.assertIn('name="q" id="q" value="Jicaa"', body)  # the search box keeps what was typed
        # The suggestion a link, to the actor page, the filters kept; it leads to the actor.
        link = html.escape("/actor" + query(id=suggestion, stated_only="1"))
        self.assertIn(f'Did you mean <a href="{link}">{html.escape(suggestion)}</a>?', body)
        self.assertEqual(self.server.get(html.unescape(link))[0], 200)
        status, _, body = self.server.get("/actor" + query(id="Jicaa"))
        self.assertEqual(status, 404)
        self.assertIn(f'Did you mean <a href="{html.escape("/actor" + query(id=suggestion))}">', body)
        # On the path page: the same question asked again with the name suggested.
        status, _, body = self.server.get("/path" + query(**{"from": "Jicaa", "to": "japan"}, k="2"))
        self.assertEqual(status, 404)
        again = "/path" + query(**{"from": suggestion, "k": "2", "to": "japan"})
        self.assertIn(f'Did you mean <a href="{html.escape(again)}">', body)
        self.assertEqual(self.server.get(again)[0], 200)

    def test_nothing_matching_is_not_found(self):
        status, _, body = self.server.get("/search" + query(q="Qqqzzx Wwwvvv"))
        self.assertEqual(status, 404)
        self.assertIn("No actor is called \u2018Qqqzzx Wwwvvv\u2019", body)
        self.assertNotIn("Did you mean", body)
        self.assertNotIn('<ul class="matches">', body)

    def test_several_matches_are_a_list_of_links(self):
        for q in ["ministry", "Lao"]:
            with self.subTest(q=q):
                cli = self.server.cli("neighbors", q)
                self.assertEqual(cli.returncode, 1)
                self.assertIn("is ambiguous", cli.stderr)
                ids = re.findall(r"^  (\S+)  \(", cli.stderr, re.M)
                self.assertGreater(len(ids), 1)
                status, _, body = self.server.get("/search" + query(q=q))
                # A normal answer: one list, each actor once and a link to its page, no error.
                self.assertEqual(status, 200)
                self.assertNotIn('class="diagnostics"', body)
                self.assertNotIn('role="alert"', body)
                self.assertEqual(body.count("<ul class=\"matches\">"), 1)
                items = re.findall(r'<li><a href="/actor\?id=([^"&]+)">', body)
                self.assertEqual(sorted(items), sorted(ids))
                self.assertIn(f"{len(ids)} actors ", body)
                for actor_id in ids:
                    self.assertEqual(body.count(f"<code>{actor_id}</code>"), 1, actor_id)
                    self.assertEqual(self.server.get(f"/actor?id={actor_id}")[0], 200)

    def test_search_text_is_escaped(self):
        evil = '<script>alert(1)</script>'
        for path in ["/search" + query(q=evil), "/actor" + query(id=evil), "/path" + query(**{"from": evil, "to": "jica"})]:
            with self.subTest(path=path):
                status, _, body = self.server.get(path)
                self.assertEqual(status, 404)
                self.assertNotIn(evil, body)
                self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", body)

    def test_one_name_goes_to_its_actor_with_the_filters(self):
        status, headers, _ = self.server.get("/search" + query(q="JICA", stated_only="1"))
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/actor?id=jica&stated_only=1")

    def test_suggestions(self):
        status, headers, body = self.server.get("/api/suggest" + query(q="lao"))
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        found = {s["id"]: s for s in json.loads(body)}
        self.assertEqual(found["lao-cert"]["label"], "Lao Computer Emergency Response Team")
        self.assertEqual(found["lao-cert"]["type"], "Government body")
        self.assertEqual(json.loads(self.server.get("/api/search" + query(q="lao"))[2]), json.loads(body))

    def test_api_neighbors_is_what_relmap_neighbors_prints(self):
        for flags, params in [([], {}), (["--depth", "2", "--stated-only"], {"depth": "2", "stated_only": "1"})]:
            cli = self.server.cli("neighbors", "jica", "--format", "json", *flags)
            status, _, body = self.server.get("/api/neighbors" + query(id="jica", **params))
            self.assertEqual(status, 200)
            self.assertEqual(body, cli.stdout)

    def test_actor_page_cites_every_relation_and_links_the_map(self):
        status, _, body = self.server.get("/actor" + query(id="jica"))
        self.assertEqual(status, 200)
        actor = json.loads(self.server.get("/api/actor" + query(id="jica"))[2])
        self.assertEqual(actor["name"], "Japan International Cooperation Agency")
        self.assertIn("supported by the Japan International Cooperation Agency (JICA)", body)
        for r in actor["relations"]:
            self.assertIn(html.escape(r["evidence"], quote=False), body)
            self.assertIn(f'href="/source?id={r["cites"]}"', body)
        # The focus map's actors link to their pages; the depth can be chosen.
        self.assertIn('xlink:href="/actor?id=japan"', body)
        self.assertIn('<select name="depth">', body)
        self.assertEqual(self.server.get("/actor" + query(id="jica", depth="2"))[0], 200)

    def test_maps_come_in_both_themes_with_ids_of_their_own(self):
        status, _, body = self.server.get("/actor" + query(id="jica"))
        self.assertEqual(status, 200)
        self.assertEqual(body.count('<figure class="map theme-light">'), 1)
        self.assertEqual(body.count('<figure class="map theme-dark">'), 1)
        dark = body[body.index('<figure class="map theme-dark">'):]
        self.assertIn('fill="#0f172a"', dark)  # the dark theme's background
        self.assertIn('xlink:href="/actor?id=japan"', dark)
        ids = re.findall(r'\bid="([^"]+)"', body)
        self.assertEqual(len(ids), len(set(ids)), [i for i in ids if ids.count(i) > 1][:5])

    def test_source_page_marks_the_quotes(self):
        status, _, body = self.server.get("/source" + query(id="src-000"))
        self.assertEqual(status, 200)
        if not os.path.isdir(ARTICLES):
            self.skipTest(f"source texts not checked: no {ARTICLES}")
        marks = [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", body, re.S)]
        self.assertTrue(any("supported by the Japan International Cooperation Agency (JICA)" in m for m in marks), marks)
        self.assertNotIn("quote not found", body)
        self.assertIn('href="#q1"', body)

    def test_filters_are_kept_in_every_link(self):
        # Drawn first without filters: the map kept for the page must not keep its links.
        self.assertEqual(self.server.get("/actor" + query(id="kh-mptc"))[0], 200)
        status, _, body = self.server.get("/actor" + query(id="kh-mptc", stated_only="1", as_of="2016"))
        self.assertEqual(status, 200)
        body = re.sub(r'<a class="clear" [^>]*>', "", body)  # the one link that leaves them
        links = [html.unescape(h) for h in re.findall(r'href="(/(?:actor|source|path|overview|changes)[^"]*)"', body)]
        self.assertGreater(len(links), 5)
        for link in links:
            params = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)
            self.assertEqual(params.get("stated_only"), ["1"], link)
            self.assertEqual(params.get("as_of"), ["2016"], link)
        # The search form carries them too, and the filter form shows them chosen.
        search = re.search(r'<form class="search".*?</form>', body, re.S).group(0)
        self.assertIn('<input type="hidden" name="stated_only" value="1">', search)
        self.assertIn('<input type="hidden" name="as_of" value="2016">', search)
        self.assertRegex(body, r'name="stated_only" value="1" checked')

    def test_the_filter_form_shows_the_grades_and_keeps_what_it_does_not_show(self):
        status, _, body = self.server.get("/actor" + query(id="kh-mptc", min_reliability="F", corroborated="1",
                                                              avoid="japan"))
        self.assertEqual(status, 200)
        form = re.search(r'<form class="filters".*?</form>', body, re.S).group(0)
        self.assertRegex(form, r'<select name="min_reliability">.*<option selected>F</option>')
        self.assertRegex(form, r'<select name="min_credibility"><option value="">any</option>')
        self.assertIn('<input type="hidden" name="corroborated" value="1">', form)
        self.assertIn('<input type="hidden" name="avoid" value="japan">', form)
        # And the filters hold: a grade no source has leaves nothing to show.
        status, _, body = self.server.get("/path" + query(**{"from": "lao-cert", "to": "laos"}, min_reliability="A"))
        self.assertEqual(status, 404)
        self.assertIn("lowest reliability A", html.unescape(body))
        self.assertIn("<label>lowest reliability <select", form)

    def test_bad_parameters_are_a_bad_request(self):
        status, _, body = self.server.get("/path" + query(**{"from": "jica", "to": "japan"}, k="two"))
        self.assertEqual(status, 400)
        self.assertIn("bad k &#39;two&#39;", body)
        status, _, body = self.server.get("/actor" + query(id="jica", relations="friends_with"))
        self.assertEqual(status, 400)
        cli = self.server.cli("neighbors", "jica", "--relations", "friends_with")
        self.assertIn(cli.stderr.strip().splitlines()[0], page_text(body))
        # The JSON API and the command line say it as the command line does.
        status, _, body = self.server.get("/api/path" + query(**{"from": "jica", "to": "japan"}, as_of="May"))
        self.assertEqual(status, 400)
        cli_message = "error: bad --as-of date 'May': expected YYYY, YYYY-MM or YYYY-MM-DD"
        self.assertIn(cli_message, json.loads(body)["diagnostics"])
        self.assertIn(cli_message, self.server.cli("neighbors", "jica", "--as-of", "May").stderr)

    def test_pages_name_the_filters_as_the_form_does(self):
        status, _, body = self.server.get("/actor" + query(id="jica", as_of="May", min_credibility="9"))
        self.assertEqual(status, 400)
        said = page_text(body)
        self.assertIn("the date 'as of' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'May'", said)
        self.assertIn("the grade 'lowest credibility' must be 1, 2, 3, 4, 5 or 6, not '9'", said)
        self.assertNotIn("--", said)
        self.assertRegex(self.server.get("/actor?id=jica")[2], r"<label>as of <select name=\"as_of\"")

    def test_empty_fields_are_left_out_of_the_address(self):
        # A form sends every field, those left empty too: the page is asked again without them.
        status, headers, _ = self.server.get("/actor?id=jica&as_of=&reported_by=&min_reliability=&stated_only=1")
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/actor?id=jica&stated_only=1")
        status, headers, _ = self.server.get("/path?from=&to=&k=1")
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/path?k=1")
        self.assertEqual(self.server.get("/search?q=")[1]["Location"], "/search")
        # The JSON API answers as asked.
        self.assertEqual(self.server.get("/api/path?from=jica&to=japan&as_of=")[0], 200)
        # And where nothing is empty the page answers.
        self.assertEqual(self.server.get("/actor?id=jica&stated_only=1")[0], 200)

    def test_foreign_host_is_refused(self):
        port = self.server.port
        for host in [f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", f"localhost.evil.example:{port}"]:
            with self.subTest(host=host):
                self.assertEqual(self.server.get("/", host=host)[0], 421)
        for host in [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]:
            with self.subTest(host=host):
                self.assertEqual(self.server.get("/", host=host)[0], 200)

    def test_security_headers(self):
        for path in ["/", "/actor?id=jica", "/api/suggest?q=lao", "/nowhere"]:
            with self.subTest(path=path):
                _, headers, _ = self.server.get(path)
                csp = headers["Content-Security-Policy"]
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        _, _, body = self.server.get("/actor?id=jica")
        self.assertNotRegex(body, r"<script(?![^>]*\bsrc=)")  # no inline script
        self.assertEqual(self.server.get("/static/relmap.js")[0], 200)

    def test_overview_links_every_actor(self):
        status, _, body = self.server.get("/overview")
        self.assertEqual(status, 200)
        for actor_id in ["jica", "lao-cert", "asean"]:
            self.assertIn(f'xlink:href="/actor?id={actor_id}"', body)

    def test_changes_page_answers(self):
        status, _, body = self.server.get("/changes")
        self.assertEqual(status, 200)
        self.assertIn("previous edition", body)


class LiveTest(unittest.TestCase):
    """The data edited while the server runs."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="relmap-serve-live-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.server = Server(self.tmp)
        self.addCleanup(self.server.process.kill)  # if it did not stop
        self.forum = os.path.join(self.server.root, FORUM)
        with open(self.forum, encoding="utf-8") as f:
            self.original = f.read()

    def tearDown(self):
        self.assertEqual(self.server.stop(), 0)

    def write(self, text):
        with open(self.forum, "w", encoding="utf-8") as f:
            f.write(text)
        # A stamp that differs even within the file system's time resolution.
        t = time.time() + 2
        os.utime(self.forum, (t, t))

    def test_edit_break_and_fix(self):
        status, _, body = self.server.get("/api/path" + query(**{"from": "khov-makara", "to": "kin-phea"}, directed="1"))
        self.assertEqual(status, 404)
        added = self.original.replace("relations:\n", "relations:\n  - from: khov-makara\n    type: cooperates_with\n"
                                      "    to: kin-phea\n    evidence: a test relation added while serving\n", 1)
        self.assertNotEqual(added, self.original)
        self.write(added)
        status, _, body = self.server.get("/api/path" + query(**{"from": "khov-makara", "to": "kin-phea"}))
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["paths"][0]["length"], 1)
        self.assertIn("a test relation added while serving", self.server.get("/actor?id=khov-makara")[2])
        # Broken: the error with file:line:col, and the server goes on.
        self.write(added.replace("    type: cooperates_with\n", "    type: [cooperates_with\n", 1))
        for path in ["/actor?id=jica", "/path?from=jica&to=japan"]:
            status, _, body = self.server.get(path)
            self.assertEqual(status, 422)
            self.assertRegex(page_text(body), r"000-cambodia-consultative-forum\.yaml:\d+:\d+: error: ")
        status, _, body = self.server.get("/api/path?from=jica&to=japan")
        self.assertEqual(status, 422)
        self.assertRegex(json.loads(body)["diagnostics"][0], r"000-cambodia-consultative-forum\.yaml:\d+:\d+: ")
        # Fixed: answers again, as the CLI gives them.
        self.write(self.original)
        status, _, body = self.server.get("/api/path?from=jica&to=japan")
        self.assertEqual(status, 200)
        self.assertEqual(body, self.server.cli("path", "jica", "japan", "-f", "json").stdout)
        self.assertEqual(self.server.get("/api/path" + query(**{"from": "khov-makara", "to": "kin-phea"}, directed="1"))[0], 404)

    def test_file_in_a_new_folder_and_files_deleted(self):
        pair = query(**{"from": "khov-makara", "to": "kin-phea"}, directed="1")
        self.assertEqual(self.server.get("/api/path" + pair)[0], 404)
        # A file in a folder made while serving (the server opened the project before it existed).
        folder = os.path.join(self.server.root, "data", "extra", "more")
        os.makedirs(folder)
        added = os.path.join(folder, "added.yaml")
        with open(added, "w", encoding="utf-8") as f:
            f.write("source: src-000\nrelations:\n  - from: khov-makara\n    type: cooperates_with\n"
                    "    to: kin-phea\n    evidence: a test relation in a new folder\n")
        status, _, body = self.server.get("/api/path" + pair)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["paths"][0]["length"], 1)
        self.assertEqual(body, self.server.cli("path", "khov-makara", "kin-phea", "--directed", "-f", "json").stdout)
        # The same file deleted: the relation is gone again.
        os.remove(added)
        self.assertEqual(self.server.get("/api/path" + pair)[0], 404)
        # An article deleted: its actors are gone.
        self.assertEqual(self.server.get("/api/actor?id=iswaran")[0], 200)
        os.remove(os.path.join(self.server.root, "data", "articles", "004-singapore-vietnam-ministerial-meeting.yaml"))
        self.assertEqual(self.server.get("/api/actor?id=iswaran")[0], 404)
        self.assertEqual(self.server.get("/api/path?from=jica&to=japan")[2],
                         self.server.cli("path", "jica", "japan", "-f", "json").stdout)

    def test_unchanged_data_is_answered_from_the_project_held(self):
        first = self.server.get("/api/path?from=jica&to=japan")[::2]
        snapshot = [p for p in glob.glob(os.path.join(self.server.root, ".relmap-cache", "*", "graph.snap"))]
        self.assertEqual(len(snapshot), 1, snapshot)
        # The snapshot file gone but the data unchanged: the project held still answers, the same.
        os.remove(snapshot[0])
        self.assertEqual(self.server.get("/api/path?from=jica&to=japan")[::2], first)
        self.assertFalse(os.path.exists(snapshot[0]))
        # Any change to the data: the project is opened again (and its snapshot made again).
        self.write(self.original)
        self.assertEqual(self.server.get("/api/path?from=jica&to=japan")[::2], first)
        self.assertTrue(os.path.exists(snapshot[0]))

    def test_changes_since_the_edition_built(self):
        self.assertIn("No previous edition is known", self.server.get("/changes")[2])
        build = self.server.cli("build", "-q")
        self.assertEqual(build.returncode, 0, build.stderr)
        self.write(self.original.replace("name: Kin Phea\n", "name: Kin Phea Sr.\n", 1))
        status, _, body = self.server.get("/changes")
        self.assertEqual(status, 200)
        changes = html.unescape(re.search(r'<pre class="changes">(.*?)</pre>', body, re.S).group(1))
        self.assertIn("~ actor Kin Phea Sr.: name: \u201cKin Phea\u201d \u2192 \u201cKin Phea Sr.\u201d", changes)
        self.assertIn('xlink:href="/actor?id=kin-phea"', body)

    def test_text_from_data_is_escaped(self):
        evil = 'JICA <script>alert("x")</script> & <img src=x onerror=alert(1)>'
        self.write(self.original.replace("name: Japan International Cooperation Agency\n", f"name: '{evil}'\n", 1))
        for path in ["/actor?id=jica", "/actor?id=japan", "/source?id=src-000",
                     "/path?from=jica&to=japan"]:
            with self.subTest(path=path):
                status, _, body = self.server.get(path)
                self.assertIn(status, (200, 404))
                self.assertNotIn("<script>alert", body)
                self.assertNotIn("<img src=x", body)
                self.assertIn("JICA &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img", body)
        suggestions = json.loads(self.server.get("/api/suggest?q=jica")[2])
        self.assertEqual(suggestions[0]["label"], evil)


class WatcherTest(unittest.TestCase):
    """Commands run in a served project take the server's word that the snapshot is fresh
    (project/vouch.h), and answer as they do with no server, also at once after each edit."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="relmap-serve-watch-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.server = Server(self.tmp)
        self.addCleanup(self.server.process.kill)  # if it did not stop
        # The same project served by no one: the answers to expect.
        other = os.path.join(self.tmp, "unserved")
        os.mkdir(other)
        self.unserved = copy_of_project(other)
        if os.path.exists(os.path.join(self.server.root, "relmap.yaml")):
            shutil.copy(os.path.join(self.server.root, "relmap.yaml"), self.unserved)
        self.unserved_env = dict(os.environ, TMPDIR=os.path.join(other, "tmp"))
        self.said = f"relmap: the snapshot is fresh: relmap serve (process {self.server.process.pid}) watches the files\n"

    def tearDown(self):
        if self.server.process.poll() is None:
            self.assertEqual(self.server.stop(), 0)

    def served(self, *args):
        return self.server.cli("-v", *args)

    def expected(self, *args):
        return relmap_run.run("-v", *args, cwd=self.unserved, env=self.unserved_env)

    def assert_answers_as_unserved(self, *args, vouched):
        got, want = self.served(*args), self.expected(*args)
        self.assertEqual((got.returncode, got.stdout), (want.returncode, want.stdout), args)
        self.assertEqual(got.stderr.replace(self.said, ""), want.stderr, args)
        self.assertEqual(self.said in got.stderr, vouched, (args, got.stderr))

    def edit(self, name, change):
        """Apply `change` (text -> text, or None to remove) to the file `name` of both projects."""
        for root in (self.server.root, self.unserved):
            path = os.path.join(root, name)
            if change is None:
                os.remove(path)
                continue
            before = ""
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    before = f.read()
            after = change(before)
            self.assertNotEqual(after, before)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(after)

    QUESTIONS = [("path", "lao-cert", "japan"), ("path", "laos", "japan", "--k", "3", "-f", "json"),
                 ("neighbors", "jica", "--depth", "2"), ("stats",), ("validate",)]

    def test_commands_take_the_servers_word_and_answer_as_without_it(self):
        self.server.cli("stats")  # a snapshot made, and the server has found it fresh
        for args in self.QUESTIONS:
            with self.subTest(args=args):
                self.assert_answers_as_unserved(*args, vouched=True)
        self.assertEqual(self.server.get("/api/path?from=jica&to=japan")[2],
                         self.server.cli("path", "jica", "japan", "-f", "json").stdout)

    def test_every_edit_is_answered_at_once(self):
        self.server.cli("stats")
        question = ("path", "lao-cert", "japan")
        self.assert_answers_as_unserved(*question, vouched=True)
        countries = os.path.join("data", "common", "countries.yaml")
        edits = [
            ("an actor renamed", countries,
             lambda t: t.replace("type: country, name: Japan,", "type: country, name: Nippon,", 1)),
            ("a relation in a new folder", os.path.join("data", "extra", "more", "added.yaml"),
             lambda t: "source: src-000\nrelations:\n  - from: lao-cert\n    type: cooperates_with\n"
                       "    to: japan\n    evidence: a test relation in a new folder\n"),
            ("an article removed", os.path.join("data", "articles", "004-singapore-vietnam-ministerial-meeting.yaml"),
             None),
            ("a file broken", FORUM, lambda t: t.replace("relations:\n", "relations: [\n", 1)),
            ("the file mended", FORUM, lambda t: t.replace("relations: [\n", "relations:\n", 1)),
            ("the schema given a comment", "graph-schema.yaml", lambda t: t + "\n# a comment\n"),
            ("the actor named again", countries,
             lambda t: t.replace("type: country, name: Nippon,", "type: country, name: Japan,", 1)),
        ]
        for what, name, change in edits:
            with self.subTest(edit=what):
                self.edit(name, change)
                # The first command after the edit answers for the files as they are now...
                got, want = self.served(*question), self.expected(*question)
                self.assertEqual((got.returncode, got.stdout), (want.returncode, want.stdout))
                self.assertEqual(got.stderr.replace(self.said, ""), want.stderr)
                # ...and the next takes the server's word again, where the data has no errors.
                self.assert_answers_as_unserved(*question, vouched=want.returncode == 0)
                self.assert_answers_as_unserved("stats", vouched=want.returncode == 0)
                if what == "an actor renamed":
                    self.assertIn("→ Nippon (3 hops", got.stdout)

    def test_a_server_gone_is_not_asked_and_the_next_takes_its_place(self):
        self.server.cli("stats")
        self.assert_answers_as_unserved("stats", vouched=True)
        sockets = glob.glob(os.path.join(self.server.root, ".relmap-cache", "*", "serve.sock"))
        self.assertEqual(len(sockets), 1, sockets)
        self.assertEqual(os.stat(sockets[0]).st_mode & 0o777, 0o600)
        self.server.process.kill()  # no time to remove its socket
        self.server.process.wait()
        self.server.process.stdout.close()
        self.server.process.stderr.close()
        self.assertTrue(os.path.exists(sockets[0]))
        for args in self.QUESTIONS:
            with self.subTest(args=args):
                self.assert_answers_as_unserved(*args, vouched=False)
        # A new server replaces the socket left behind, and removes it when it stops.
        killed = self.server.process.pid
        self.server = Server(self.tmp, root=self.server.root)
        self.addCleanup(self.server.process.kill)
        self.said = self.said.replace(f"process {killed})", f"process {self.server.process.pid})")
        self.server.cli("stats")
        self.assert_answers_as_unserved("path", "lao-cert", "japan", vouched=True)
        self.assertEqual(self.server.stop(), 0)
        self.assertFalse(os.path.exists(sockets[0]))


class StopTest(unittest.TestCase):
    def test_stops_cleanly_on_sigterm_and_sigint(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            tmp = tempfile.mkdtemp(prefix="relmap-serve-stop-")
            self.addCleanup(shutil.rmtree, tmp)
            server = Server(tmp)
            self.addCleanup(server.process.kill)  # if it does not stop
            self.assertEqual(server.get("/")[0], 200)
            server.process.send_signal(sig)
            self.assertEqual(server.process.wait(timeout=20), 0)
            server.process.stdout.close()
            server.process.stderr.close()

    def test_port_in_use_is_an_error(self):
        tmp = tempfile.mkdtemp(prefix="relmap-serve-port-")
        self.addCleanup(shutil.rmtree, tmp)
        server = Server(tmp)
        stopped = []
        self.addCleanup(lambda: stopped or server.stop())
        other = subprocess.Popen([RELMAP, "serve", "--port", str(server.port)], cwd=server.root, env=server.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _, err = other.communicate(timeout=60)
        finally:
            if other.poll() is None:
                other.kill()
                other.communicate()
        self.assertEqual(other.returncode, 1)
        self.assertIn(f"cannot listen on 127.0.0.1:{server.port}", err)
        stopped.append(server.stop())
        self.assertEqual(stopped, [0])


def browser_missing():
    """Why the browser test cannot run, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "python3-selenium is not installed"
    if shutil.which("chromedriver") is None:
        return "chromium-driver (chromedriver) is not installed"
    return None


@unittest.skipIf(browser_missing(), f"browser test skipped: {browser_missing()}")
class BrowserTest(unittest.TestCase):
    """The site in Chromium, driven as a person would use it."""

    @classmethod
    def setUpClass(cls):
        from selenium import webdriver
        cls.tmp = tempfile.mkdtemp(prefix="relmap-serve-browser-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp)
        cls.server = Server(cls.tmp)
        cls.addClassCleanup(cls.server.stop)  # also when the browser does not start
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1000",
                    f"--user-data-dir={os.path.join(cls.tmp, 'chromium')}"]:
            options.add_argument(arg)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        from selenium.webdriver.chrome.service import Service
        service = Service(executable_path=shutil.which("chromedriver"),
                                          env=dict(os.environ, TMPDIR=os.path.join(cls.tmp, "tmp")))
        cls.driver = webdriver.Chrome(options=options, service=service)
        cls.driver.set_page_load_timeout(120)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def wait_for(self, condition, what):
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, 30).until(lambda d: condition(d), message=what)

    def test_search_suggestion_actor_neighbour_and_path(self):
        from selenium.webdriver.common.by import By
        d = self.driver
        d.get(self.server.url)
        box = d.find_element(By.ID, "q")
        box.send_keys("Lao Comp")
        suggestion = self.wait_for(
            lambda d: next((a for a in d.find_elements(By.CSS_SELECTOR, "#suggestions a") if a.is_displayed()), None),
            "a suggestion for 'Lao Comp'")
        self.assertIn("Lao Computer Emergency Response Team", suggestion.text)
        suggestion.click()
        self.wait_for(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Lao Computer Emergency Response Team",
                      "the actor page of Lao CERT")
        self.assertIn("/actor?id=lao-cert", d.current_url)
        # A neighbour in the focus map, clicked.
        neighbour = d.find_element(By.CSS_SELECTOR, 'figure.map a[*|href="/actor?id=laos"]')
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", neighbour)
        neighbour.click()
        self.wait_for(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Laos", "the actor page of Laos")
        # A path asked from the form, its hops those of relmap path.
        d.get(self.server.url + "path")
        d.find_element(By.NAME, "from").send_keys("lao-cert")
        d.find_element(By.NAME, "to").send_keys("japan")
        d.find_element(By.CSS_SELECTOR, "form.ask button[type=submit]").click()
        self.wait_for(lambda d: d.find_elements(By.CSS_SELECTOR, "section.path"), "the path's answer")
        quotes = [q.text.strip("\u201C\u201D") for q in d.find_elements(By.CSS_SELECTOR, "ol.hops blockquote")]
        answer = json.loads(self.server.cli("path", "lao-cert", "japan", "-f", "json").stdout)
        self.assertEqual(quotes, [h["evidence"] for p in answer["paths"] for h in p["hops"]])
        # The date slider moves the select it stands beside.
        slider = d.find_element(By.CSS_SELECTOR, "form.filters input[type=range]")
        d.execute_script("arguments[0].value = arguments[0].max; arguments[0].dispatchEvent(new Event('input'))", slider)
        chosen = d.execute_script("return document.querySelector('select[name=as_of]').value")
        self.assertRegex(chosen, r"^\d{4}-\d{2}-\d{2}$")
        # No errors in the console (the CSP lets the page's own script run).
        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
        self.assertEqual(errors, [])

    def test_a_name_of_several_actors_is_a_list_to_choose_from(self):
        from selenium.webdriver.common.by import By
        d = self.driver
        d.get(self.server.url)
        box = d.find_element(By.ID, "q")
        box.send_keys("Lao")
        d.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
        self.wait_for(lambda d: d.find_elements(By.CSS_SELECTOR, "ul.matches a"), "the list of actors called Lao")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".diagnostics, [role=alert]"), [])
        names = [a.text for a in d.find_elements(By.CSS_SELECTOR, "main a")]
        self.assertGreater(len(names), 1)
        self.assertEqual(len(names), len(set(names)))  # each once
        d.find_element(By.LINK_TEXT, "Laos").click()
        self.wait_for(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Laos", "the actor page of Laos")
        # A name misspelt: the suggestion is a link to follow.
        d.get(self.server.url + "search?q=Jicaa")
        d.find_element(By.CSS_SELECTOR, ".did-you-mean a").click()
        self.wait_for(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Japan International Cooperation Agency",
                      "the actor page of JICA")
        # No console error but the misspelt name's own answer, not found.
        errors = [e["message"] for e in d.get_log("browser") if e["level"] == "SEVERE"]
        self.assertEqual([e for e in errors if "search?q=Jicaa " not in e or "404" not in e], [])

    def test_filters_apply_without_empty_fields_with_script_and_without(self):
        from selenium.webdriver.common.by import By
        d = self.driver
        empty = re.compile(r"[?&][a-z_]+=(&|$)")
        d.get(self.server.url + "actor?id=jica")
        d.find_element(By.CSS_SELECTOR, "form.filters input[name=stated_only]").click()
        d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        self.wait_for(lambda d: "stated_only=1" in d.current_url, "the filters applied")
        self.assertTrue(d.current_url.endswith("/actor?id=jica&stated_only=1"), d.current_url)
        # The script left them out: the server had nothing to send back.
        self.assertEqual(d.execute_script("return performance.getEntriesByType('navigation')[0].redirectCount"), 0)
        # The date slider applies when it is let go of.
        slider = d.find_element(By.CSS_SELECTOR, "form.filters input[type=range]")
        d.execute_script("arguments[0].value = arguments[0].max; arguments[0].dispatchEvent(new Event('change'))",
                         slider)
        self.wait_for(lambda d: "as_of=" in d.current_url, "the date applied")
        self.assertRegex(d.current_url, r"as_of=\d{4}-\d{2}-\d{2}")
        self.assertIn("stated_only=1", d.current_url)
        self.assertNotRegex(d.current_url, empty)
        # Without script the form still works: a plain form, its empty fields left out by the server.
        d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            d.get(self.server.url + "actor?id=japan")
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, "input[type=range]"), [])  # no script ran
            d.find_element(By.CSS_SELECTOR, "form.filters input[name=directed]").click()
            d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
            self.wait_for(lambda d: "directed=1" in d.current_url, "the filters applied without script")
            self.assertTrue(d.current_url.endswith("/actor?directed=1&id=japan"), d.current_url)
            self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, "Japan")
        finally:
            d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

    def test_maps_are_readable_at_a_phones_width(self):
        d = self.driver
        shots = os.environ.get("RELMAP_SCREENSHOTS", self.tmp)
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        try:
            for name, path in [("actor", "actor?id=jica"), ("path", "path?from=lao-cert&to=japan")]:
                with self.subTest(page=name):
                    d.get(self.server.url + path)
                    m = d.execute_script("""
                        var f = Array.prototype.find.call(document.querySelectorAll('figure.map'),
                                                          function (f) { return f.offsetParent !== null; });
                        var svg = f.querySelector('svg'), texts = f.querySelectorAll('g.node text');
                        return {page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
                                frame: f.clientWidth, inside: f.scrollWidth, overflow: getComputedStyle(f).overflowX,
                                natural: svg.viewBox.baseVal.width * 4 / 3, drawn: svg.getBoundingClientRect().width,
                                label: Math.min.apply(null, Array.prototype.map.call(texts, function (t) {
                                  return t.getBoundingClientRect().height; }))};""")
                    print(f"\n390 px, {name} page: {m}")
                    self.assertEqual(m["view"], 390)
                    self.assertLessEqual(m["page"], m["view"])  # the page never scrolls sideways
                    # The map at its own size, its labels as legible as on a large screen, scrolling in its frame.
                    self.assertAlmostEqual(m["drawn"], m["natural"], delta=1)
                    self.assertGreaterEqual(m["label"], 12)
                    self.assertEqual(m["overflow"], "auto")
                    if m["natural"] > m["frame"]:
                        self.assertGreater(m["inside"], m["frame"])
                    d.execute_script("""Array.prototype.find.call(document.querySelectorAll('figure.map'),
                        function (f) { return f.offsetParent !== null; }).scrollIntoView()""")
                    shot = os.path.join(shots, f"relmap-serve-{name}-390.png")  # the map on the screen
                    self.assertTrue(d.save_screenshot(shot))
                    with open(shot, "rb") as f:
                        png = f.read()
                    self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
                    self.assertEqual(int.from_bytes(png[16:20], "big"), 390)
        finally:
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_the_map_follows_the_readers_colour_scheme(self):
        from selenium.webdriver.common.by import By
        shown = {}
        for scheme in ("light", "dark"):
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                        {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            self.driver.get(self.server.url + "actor?id=jica")
            shown[scheme] = [f.get_attribute("class") for f in self.driver.find_elements(By.CSS_SELECTOR, "figure.map")
                             if f.is_displayed()]
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        self.assertEqual(shown, {"light": ["map theme-light"], "dark": ["map theme-dark"]})

    def test_source_quote_highlighted(self):
        from selenium.webdriver.common.by import By
        if not os.path.isdir(ARTICLES):
            self.skipTest(f"source texts not checked: no {ARTICLES}")
        self.driver.get(self.server.url + "source?id=src-000")
        marks = [m.text for m in self.driver.find_elements(By.CSS_SELECTOR, ".article mark")]
        self.assertTrue(any("supported by the Japan International Cooperation Agency (JICA)" in m for m in marks))


if __name__ == "__main__":
    unittest.main()
