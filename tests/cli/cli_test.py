"""Command-line tests: run the built relmap on fixtures and check its output."""

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

import networkx as nx

import relmap_run
from relmap_run import RELMAP, run
ROOT = os.environ["RELMAP_ROOT"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(ROOT, "graph-schema.yaml")


def fixture(name):
    return os.path.join(HERE, "fixtures", name)


def good_data_with(tmp, name, text):
    """The good fixture copied to tmp/data with one more facts file."""
    shutil.copytree(fixture("good"), os.path.join(tmp, "data"))
    with open(os.path.join(tmp, "data", name), "w") as f:
        f.write(text)




def xmllint_ok(path):
    return subprocess.run(["xmllint", "--noout", path], capture_output=True).returncode == 0


class ValidateTest(unittest.TestCase):
    def test_good_data_is_clean(self):
        r = run("validate", "--schema", SCHEMA, "--data", fixture("good"),
                "--sources", fixture("sources"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.stdout, "6 entities, 5 relations in 2 files: 0 errors, 0 warnings\n")

    def test_weak_and_unchecked_evidence_is_said(self):
        facts = """entities:
  - {id: s1, type: source, name: An article, file: a.txt}
  - {id: aa, type: country, name: Aland, aliases: [the Islands]}
  - {id: bb, type: country, name: B\u00f6rduria}
relations:
  - {from: aa, type: cooperates_with, to: bb, source: s1, evidence: the two countries agreed}
  - {from: bb, type: cooperates_with, to: aa, source: s1, basis: implied, evidence: the two countries agreed}
  - {from: bb, type: cooperates_with, to: aa, source: s1, evidence: THE ISLANDS and the others}
  - {from: aa, type: cooperates_with, to: bb, source: s1, evidence: Borduria and others}
"""
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "data"))
            os.mkdir(os.path.join(tmp, "texts"))
            with open(os.path.join(tmp, "data", "facts.yaml"), "w") as f:
                f.write(facts)
            with open(os.path.join(tmp, "texts", "a.txt"), "w") as f:
                f.write("Aland and B\u00f6rduria: the two countries agreed.\nTHE ISLANDS and the others met Borduria and others\n")
            r = run("validate", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"))
            self.assertEqual(r.returncode, 0, r.stderr)
            # Only the relations whose quote names neither actor (by name or
            # alias, without case or accents) are warned about, stated or implied.
            self.assertEqual(r.stderr.count("warning:"), 2, r.stderr)
            self.assertIn("facts.yaml:6:69: warning: the evidence names neither 'aa' nor 'bb': quote the words "
                          "that name one of them, give it the alias the article uses, or mark the relation "
                          "'basis: implied'\n", r.stderr)
            self.assertIn("facts.yaml:7:85: warning: the evidence names neither 'bb' nor 'aa': quote the words "
                          "that name one of them or give it the alias the article uses\n", r.stderr)
            self.assertIn("evidence quotes not checked against the articles", r.stdout)
            r = run("validate", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"),
                    "--sources", os.path.join(tmp, "texts"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("not checked", r.stdout)
            # A quote not in its article shows the closest passage.
            with open(os.path.join(tmp, "texts", "a.txt"), "w") as f:
                f.write("Aland and B\u00f6rduria: the two nations agreed. THE ISLANDS and the others, Borduria and others\n")
            r = run("validate", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"),
                    "--sources", os.path.join(tmp, "texts"))
            self.assertEqual(r.returncode, 1)
            self.assertIn("evidence not found in the text of source 's1'; closest passage: "
                          "\u201cthe two nations agreed.\u201d", r.stderr)

    def test_bad_data_reports_every_error_with_position(self):
        r = run("validate", "--schema", SCHEMA, "--data", fixture("bad"))
        self.assertEqual(r.returncode, 1)
        path = fixture("bad") + "/facts.yaml"
        self.assertEqual(
            [line for line in r.stderr.splitlines() if not line.startswith("    ")],
            [
                f"{path}:3:23: error: unknown node type 'countri' (did you mean 'country'?)",
                f"{path}:4:10: warning: 'laos' is not linked to anything",
                f"{path}:4:43: error: duplicate key 'name' in this mapping",
                f"{path}:6:39: error: unknown id 'loas' in 'to' (did you mean 'laos'?)",
            ])

    def test_evidence_missing_from_the_source(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(fixture("sources") + "/forum.txt", tmp)
            with open(os.path.join(tmp, "forum.txt"), "w") as f:
                f.write("Nothing of the kind.\n")
            r = run("validate", "--schema", SCHEMA, "--data", fixture("good"), "--sources", tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn(fixture("good") + "/forum.yaml:13:59: error: evidence not found in the text "
                      "of source 'src-forum'", r.stderr)

    def test_sources_are_read_only_inside_their_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            data, sources = os.path.join(tmp, "data"), os.path.join(tmp, "sources")
            shutil.copytree(fixture("good"), data)
            shutil.copytree(fixture("sources"), sources)
            shutil.copy(os.path.join(sources, "forum.txt"), os.path.join(tmp, "outside.txt"))
            facts = [f for f in os.listdir(data) if "file: forum.txt" in open(os.path.join(data, f)).read()]
            self.assertEqual(len(facts), 1)
            path = os.path.join(data, facts[0])
            text = open(path).read()
            for bad, cause in [("../outside.txt", "outside " + os.path.realpath(sources)),
                               ("/dev/zero", "outside " + os.path.realpath(sources))]:
                with open(path, "w") as f:
                    f.write(text.replace("file: forum.txt", "file: " + bad))
                r = run("validate", "--schema", SCHEMA, "--data", data, "--sources", sources)
                self.assertEqual(r.returncode, 1)
                errors = [line for line in r.stderr.splitlines() if ": error: " in line]
                self.assertEqual(len(errors), 1, r.stderr)
                self.assertRegex(errors[0], "^" + re.escape(path) + r":\d+:\d+: error: cannot read the text of "
                                 "source 'src-forum' from '" + re.escape(bad) + "': " + re.escape(cause) + "$")
            # A missing folder is one error, whatever the number of sources.
            r = run("validate", "--schema", SCHEMA, "--data", data, "--sources", tmp + "/nowhere")
            self.assertEqual(r.returncode, 1)
            self.assertEqual([line for line in r.stderr.splitlines() if ": error: " in line],
                             [tmp + "/nowhere: error: cannot read the sources folder: No such file or directory"])

    def test_missing_schema(self):
        r = run("validate", "--schema", "/nonexistent.yaml", "--data", fixture("good"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("/nonexistent.yaml: error: cannot read file", r.stderr)

    def test_schema_that_is_not_a_file(self):
        # /dev/zero never ends: refused at once instead of read until memory runs out.
        r = run("validate", "--schema", "/dev/zero", "--data", fixture("good"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("/dev/zero: error: cannot read file: not a regular file (a character device)\n",
                      r.stderr)


class UsageTest(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("render", "--format", "gif").returncode, 2)
        self.assertEqual(run("render", "--engine", "nope").returncode, 2)
        self.assertEqual(run("export").returncode, 2)  # --format is required
        self.assertEqual(run("validate", "--no-such-flag").returncode, 2)

    def test_help_lists_every_command_and_option(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for cmd in ["validate", "build", "render", "export"]:
            self.assertIn(cmd, r.stdout)
        r = run("render", "--help")
        self.assertEqual(r.returncode, 0)
        for opt in ["--schema", "--data", "--format", "-o", "--engine", "--timeout"]:
            self.assertIn(opt, r.stdout)
        r = run("build", "--help")
        for opt in ["--schema", "--data", "--out", "--engine", "--sources"]:
            self.assertIn(opt, r.stdout)


def project_copy(tmp):
    """The repository's schema and facts as a project in tmp, without sources."""
    shutil.copy(SCHEMA, os.path.join(tmp, "graph-schema.yaml"))
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(tmp, "data"))
    with open(os.path.join(tmp, "relmap.yaml"), "w") as f:
        f.write("schema: graph-schema.yaml\ndata: data\nout: out\n")


def commands():
    """The commands the help lists."""
    return re.findall(r"^  ([a-z][a-z-]*) ", run("help").stdout.split("Commands:")[1], re.M)


class HelpTextTest(unittest.TestCase):
    """Help, usage and errors written for people, not by the parser."""

    def test_bare_relmap_prints_a_short_usage(self):
        r = run()
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.splitlines()
        self.assertEqual(lines[0], "Usage: relmap [OPTIONS] COMMAND")
        self.assertTrue(lines[1].startswith("Commands: validate, build, diff, report, render, export, path,"), lines)
        self.assertIn("'relmap help' describes them", r.stderr)
        self.assertNotIn("__", r.stderr)  # no hidden command
        self.assertTrue(all(len(line) <= 80 for line in lines), lines)
        self.assertEqual(run("-q").stderr, r.stderr)

    def test_missing_arguments_are_said_in_words(self):
        cases = [
            (["path"], "error: relmap path needs two actors: relmap path [OPTIONS] A B\n"),
            (["path", "laos"], "error: relmap path needs two actors, got one ('laos'): relmap path [OPTIONS] A B\n"),
            (["neighbors"], "error: relmap neighbors needs an actor: relmap neighbors [OPTIONS] A\n"),
            (["diff", "data"], "error: relmap diff needs two editions, each a data folder or a git revision, "
                               "got one ('data'): relmap diff [OPTIONS] OLD NEW\n"),
            (["mentions"], "error: relmap mentions needs the article's text file: relmap mentions [OPTIONS] ARTICLE\n"),
            (["completion"], "error: relmap completion needs the shell: relmap completion [OPTIONS] SHELL\n"),
            (["export"], "error: relmap export needs --format (the export format): graphml, gexf, json, stix or "
                         "neo4j; 'relmap help export' says more\n"),
            (["render", "--path", "laos"], "error: relmap render --path needs two actors, got one ('laos'); "
                                           "'relmap help render' says more\n"),
        ]
        for args, message in cases:
            r = run(*args)
            self.assertEqual((r.returncode, r.stderr), (2, message), args)

    def test_help_shows_no_parser_internals_and_fits_80_columns(self):
        for command in [None] + commands():
            text = run(*([command] if command else []), "--help").stdout
            for internal in ["(2x)", " x 2", "REQUIRED", "TEXT:{", "old_new", "Subcommands", "Positionals"]:
                self.assertNotIn(internal, text, command)
            for line in text.splitlines():
                self.assertLessEqual(len(line), 80, f"{command}: {line}")
        path = run("path", "--help").stdout
        self.assertIn("Usage: relmap path [OPTIONS] A B\n", path)
        flat = " ".join(path.split())
        self.assertIn("--k N The N shortest loop-free paths (Yen's algorithm) (not with --all) ", flat)
        self.assertIn("-f,--format FORMAT Output format: text, json, md, html, dot, svg, png or pdf (default: text) ", flat)
        self.assertIn("--limit N At most this many paths with --all (default: 100) ", flat)
        self.assertIn("Examples:\n  relmap path lao-cert japan\n      How Lao CERT is linked to Japan", path)
        self.assertIn("Usage: relmap diff [OPTIONS] OLD NEW\n", run("diff", "--help").stdout)

    def test_every_example_runs(self):
        """The examples of the help (and the man page) work in this project."""
        examples = []
        for command in commands():
            text = run(command, "--help").stdout
            if "Examples:" in text:
                examples += re.findall(r"^  (relmap .*)$", text.split("Examples:")[1], re.M)
        self.assertGreater(len(examples), 10)
        with tempfile.TemporaryDirectory() as tmp:
            project_copy(tmp)
            with open(os.path.join(tmp, "article.txt"), "w") as f:
                f.write("Lao CERT met JPCERT/CC and the Ministry of Posts in Vientiane.\n")
            for line in examples:
                words = line.split()
                # diff needs a git history, new.yaml is the reader's own file,
                # and serve runs until it is stopped (serve_test runs it).
                if words[1] in ("diff", "serve") or "new.yaml" in words:
                    continue
                r = run(*words[1:], cwd=tmp)
                self.assertEqual(r.returncode, 0, f"{line}: {r.stderr}")
            for made in ["lao-cert.svg", "path.png", "relmap.gexf", "neo4j", "out/report.html"]:
                self.assertTrue(os.path.exists(os.path.join(tmp, made)), made)


class CommandLineTest(unittest.TestCase):
    """The command line behaves like the tools its users know."""

    def test_mistyped_command_gets_a_suggestion(self):
        r = run("valdate")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "error: unknown command 'valdate'; did you mean validate?\n")
        r = run("-q", "nieghbors", "laos")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean neighbors?", r.stderr)
        r = run("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "error: unknown command 'frobnicate'; 'relmap help' lists the commands\n")

    def test_mistyped_option_gets_a_suggestion(self):
        r = run("stats", "--tpo", "3")
        self.assertEqual((r.returncode, r.stderr),
                         (2, "error: unknown option '--tpo' for relmap stats; did you mean --top?\n"))
        r = run("build", "--verbos")
        self.assertEqual((r.returncode, r.stderr),
                         (2, "error: unknown option '--verbos' for relmap build; did you mean --verbose?\n"))
        r = run("validate", "--xyzzy=1")
        self.assertEqual((r.returncode, r.stderr),
                         (2, "error: unknown option '--xyzzy' for relmap validate; "
                             "'relmap help validate' lists the options\n"))
        r = run("stats", "3")  # not an option: said as the parser says it
        self.assertEqual((r.returncode, r.stderr), (2, "error: The following argument was not expected: 3\n"))

    def test_help_command_prints_the_help(self):
        main_help = run("--help")
        self.assertEqual(main_help.returncode, 0)
        r = run("help")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, main_help.stdout)
        self.assertIn("help", r.stdout)
        for command in ["render", "stats", "export"]:
            own = run(command, "--help")
            r = run("help", command)
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stdout, own.stdout)
            self.assertIn("Usage: relmap " + command, r.stdout)
        r = run("help", "rendr")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "error: unknown command 'rendr'; did you mean render?\n")

    def test_numbers_are_checked_in_plain_words(self):
        cases = [
            (["stats", "--top", "0"], "error: --top must be at least 1\n"),
            (["stats", "--top", "-5"], "error: --top must be at least 1\n"),
            (["stats", "--top", "many"], "error: --top: 'many' is not a whole number\n"),
            (["stats", "--top", "99999999999999999999999"],
             "error: --top: '99999999999999999999999' is too large\n"),
            (["neighbors", "laos", "--depth", "two"], "error: --depth: 'two' is not a whole number\n"),
            (["neighbors", "laos", "--depth", "0"], "error: --depth must be between 1 and 100\n"),
            (["neighbors", "laos", "--depth", "2.5"], "error: --depth: '2.5' is not a whole number\n"),
            (["render", "--focus", "laos", "--depth", "101"], "error: --depth must be between 1 and 100\n"),
            (["render", "--path", "a", "b", "--k", "0"], "error: --k must be between 1 and 100\n"),
            (["render", "--timeout", "0"], "error: --timeout must be between 1 and 86400\n"),
            (["render", "-f", "png", "--dpi", "10"], "error: --dpi must be between 30 and 1200\n"),
            (["render", "-f", "png", "--dpi", "nan"], "error: --dpi must be between 30 and 1200\n"),
            (["render", "-f", "png", "--dpi", "high"], "error: --dpi: 'high' is not a number\n"),
            (["path", "a", "b", "--k", "20000"], "error: --k must be between 1 and 10000\n"),
            (["path", "a", "b", "--all", "--limit", "0"], "error: --limit must be at least 1\n"),
            (["path", "a", "b", "--max-degree", "0"], "error: --max-degree must be at least 1\n"),
        ]
        for args, message in cases:
            r = run(*args, cwd=ROOT)
            self.assertEqual((r.returncode, r.stderr), (2, message), args)

    def test_numbers_in_range_are_used(self):
        r = run("stats", "--top", "2", "--format", "json", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(json.loads(r.stdout)["top_degree"]), 2)
        r = run("neighbors", "laos", "--depth", "+1", "--format", "json", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["depth"], 1)


def run_on_terminal(args, stdout=False, stderr=True, env=None, cwd=None, timeout=120):
    """Run relmap with its stdout and/or stderr on a pseudo-terminal. Returns
    the exit code, what the terminal showed and what went elsewhere (stdout
    or stderr, whichever is not on the terminal)."""
    import pty
    controller, terminal = pty.openpty()
    with tempfile.TemporaryFile() as elsewhere:
        proc = subprocess.Popen([RELMAP, *args], stdout=terminal if stdout else elsewhere,
                                stderr=terminal if stderr else elsewhere, env=env, cwd=cwd)
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        code = proc.wait(timeout=timeout)
        os.close(controller)
        elsewhere.seek(0)
        return code, seen, elsewhere.read()


class TerminalTest(unittest.TestCase):
    """Colour and binary data only where they belong; -q and -v."""

    def env(self, **changes):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm"
        env.update(changes)
        return env

    def test_colour_only_on_a_terminal_without_no_color(self):
        args = ["validate", "--schema", SCHEMA, "--data", fixture("bad")]
        code, seen, _ = run_on_terminal(args, env=self.env())
        self.assertEqual(code, 1)
        self.assertIn(b"\x1b[1;31merror:\x1b[0m unknown id 'loas'", seen)
        self.assertIn(b"\x1b[1;35mwarning:\x1b[0m", seen)
        self.assertIn(b"\x1b[1;32m^\x1b[0m", seen)
        for env in [self.env(NO_COLOR="1"), self.env(TERM="dumb")]:
            code, seen, _ = run_on_terminal(args, env=env)
            self.assertEqual(code, 1)
            self.assertNotIn(b"\x1b", seen)
            self.assertIn(b"error: unknown id 'loas'", seen)
            self.assertIn(b"^", seen)  # the source line is still shown on a terminal
        r = subprocess.run([RELMAP, *args], capture_output=True, env=self.env())
        self.assertEqual(r.returncode, 1)
        self.assertNotIn(b"\x1b", r.stderr)
        self.assertIn(b"error: unknown id 'loas'", r.stderr)
        # The command line's own errors too.
        code, seen, _ = run_on_terminal(["valdate"], env=self.env())
        self.assertEqual((code, seen), (2, b"\x1b[1;31merror:\x1b[0m unknown command 'valdate'; did you mean validate?\r\n"))
        code, seen, _ = run_on_terminal(["valdate"], env=self.env(NO_COLOR="yes"))
        self.assertEqual((code, seen), (2, b"error: unknown command 'valdate'; did you mean validate?\r\n"))

    def test_binary_output_never_goes_to_a_terminal(self):
        data = ["--schema", SCHEMA, "--data", fixture("good")]
        for fmt in ["png", "pdf"]:
            code, seen, err = run_on_terminal(["render", *data, "-f", fmt], stdout=True, stderr=False)
            self.assertEqual(code, 2)
            self.assertEqual(seen, b"")
            self.assertEqual(err.decode(), f"error: -f {fmt} is binary and would garble the terminal: "
                                           "name a file with -o FILE, or redirect the output\n")
        with tempfile.TemporaryDirectory() as tmp:
            png = os.path.join(tmp, "map.png")
            code, seen, err = run_on_terminal(["render", *data, "-f", "png", "-o", png], stdout=True, stderr=False)
            self.assertEqual(code, 0, err)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        r = subprocess.run([RELMAP, "render", *data, "-f", "png"], capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout[:8], b"\x89PNG\r\n\x1a\n")
        # Text formats still print on a terminal.
        code, seen, err = run_on_terminal(["render", *data, "-f", "svg"], stdout=True, stderr=False)
        self.assertEqual(code, 0, err)
        self.assertIn(b"<svg", seen)

    def test_build_says_one_line_lists_with_v_and_is_silent_with_q(self):
        with tempfile.TemporaryDirectory() as out:
            data = ["--schema", SCHEMA, "--data", fixture("good"), "--out", out]
            r = run("build", *data)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout, r"\Awrote " + re.escape(out) +
                             r"/: 2 maps, report, [1-9]\d* exports \(\d+(\.\d)? (kB|MB)\)\n\Z")
            self.assertEqual(r.stderr, "")
            r = run("report", *data)
            self.assertRegex(r.stdout, r"\Awrote " + re.escape(out) + r"/: 2 maps, report \(\d+ kB\)\n\Z")
            for verbose in [["-v", "build"], ["build", "--verbose"]]:
                r = run(*verbose, *data)
                self.assertEqual(r.returncode, 0, r.stderr)
                lines = r.stdout.splitlines()
                self.assertIn(f"wrote {out}/relmap.svg", lines)
                self.assertIn(f"wrote {out}/maps/source-src-forum.svg", lines)
                self.assertIn(f"wrote {out}/report.html", lines)
                self.assertTrue(lines[-1].startswith(f"wrote {out}/: 2 maps"))
            for quiet in [["-q", "build"], ["build", "--quiet"]]:
                r = run(*quiet, *data)
                self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
            # No progress on a terminal with -q; with errors, only the errors.
            code, seen, printed = run_on_terminal(["-q", "report", *data])
            self.assertEqual((code, seen, printed), (0, b"", b""))
        r = run("-q", "validate", "--schema", SCHEMA, "--data", fixture("bad"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("error: unknown id 'loas'", r.stderr)
        self.assertNotIn("warning", r.stderr)
        r = run("validate", "--schema", SCHEMA, "--data", fixture("bad"))
        self.assertIn("warning: 'laos' is not linked to anything", r.stderr)

    def test_version_is_the_one_cmake_sets(self):
        with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
            version = re.search(r"project\(relmap VERSION ([\d.]+)", f.read()).group(1)
        r = run("--version")
        self.assertEqual((r.returncode, r.stdout), (0, f"relmap {version}\n"))


class InstallTest(unittest.TestCase):
    """cmake --install puts the program, its man page and completions in place."""

    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.TemporaryDirectory()
        r = subprocess.run(["cmake", "--install", os.path.dirname(RELMAP), "--prefix", cls.prefix.name],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        cls.commands = commands()
        assert "validate" in cls.commands and "stats" in cls.commands, cls.commands

    @classmethod
    def tearDownClass(cls):
        cls.prefix.cleanup()

    def installed(self, path):
        path = os.path.join(self.prefix.name, path)
        self.assertTrue(os.path.isfile(path), path)
        return path

    def test_program_runs_from_the_prefix(self):
        program = self.installed("bin/relmap")
        r = subprocess.run([program, "--version"], capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout), (0, run("--version").stdout))

    def test_no_library_is_loaded_from_the_folder_relmap_runs_in(self):
        # A run path with an empty entry makes the loader look in the
        # current folder: a planted library there would run as relmap.
        programs = {"built": RELMAP, "installed": self.installed("bin/relmap")}
        with tempfile.TemporaryDirectory() as tmp:
            root = relmap_run.copy_of_project(tmp)
            for name in ["libxxhash.so.0", "libyaml-cpp.so.0.7", "libz.so.1", "libgvc.so.6", "libcgraph.so.6"]:
                with open(os.path.join(root, name), "w") as f:
                    f.write("not a library\n")
            env = dict(os.environ, TMPDIR=os.path.join(tmp, "tmp"))
            for how, program in programs.items():
                with self.subTest(how):
                    r = subprocess.run([program, "--version"], cwd=root, env=env, capture_output=True, text=True,
                                       timeout=60)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    # Graphviz's libraries, opened only to draw, come from their own folder too.
                    r = subprocess.run([program, "render", "--source", "src-000", "-o", "m.svg"], cwd=root, env=env,
                                       capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertIn("<svg", open(os.path.join(root, "m.svg")).read())

    def test_man_page_has_every_command(self):
        page = self.installed("share/man/man1/relmap.1")
        with open(page) as f:
            roff = f.read()
        self.assertRegex(roff, re.compile(r'^\.TH RELMAP "1"', re.M))
        for command in self.commands:
            if command != "help":
                self.assertIn(f'.SS "relmap {command}"', roff)
        for section in ["COMMANDS", "EXAMPLES", "EXIT STATUS", "ENVIRONMENT", "FILES"]:
            self.assertRegex(roff, re.compile(f'^\\.SH "?{section}"?$', re.M))

    def man(self, width):
        """The man page as man shows it in `width` columns, one list of lines per section."""
        if not shutil.which("man"):
            self.skipTest("man is not installed")
        r = subprocess.run(["man", "-l", self.installed("share/man/man1/relmap.1")], capture_output=True, text=True,
                           env={**os.environ, "MANPAGER": "cat", "MANWIDTH": str(width), "MAN_KEEP_FORMATTING": ""})
        self.assertEqual(r.returncode, 0, r.stderr)
        sections, name = {}, None
        for line in re.sub("\u2010\n +", "", r.stdout).splitlines():  # words hyphenated at a line's end joined
            if line and not line[0].isspace() and line.upper() == line and not line.startswith("RELMAP("):
                name = line
            sections.setdefault(name, []).append(line)
        return r.stdout, sections

    def test_man_page_fits_80_columns_and_says_what_people_look_for(self):
        text, sections = self.man(80)
        wide = [line for line in text.splitlines() if len(line) > 80]
        self.assertEqual(wide, [])
        self.assertIn("relmap - relationship maps", " ".join(text.split()))
        flat = {name: " ".join(" ".join(lines).split()) for name, lines in sections.items()}
        self.assertIn("--top N How many top actors to list (default: 10)", flat["COMMANDS"])
        for internal in ["(2x)", " x 2", "REQUIRED", "old_new", "__man", "__actor-ids"]:
            self.assertNotIn(internal, text)
        exit_status = flat["EXIT STATUS"]
        self.assertRegex(exit_status, r"0 Success\. 1 Errors in the data or the schema.* 2 A mistake in the command line")
        for variable in ["NO_COLOR", "TMPDIR"]:
            self.assertIn(variable + " ", flat["ENVIRONMENT"])
        for path in ["relmap.yaml", "graph-schema.yaml", "data/", ".relmap-cache", "out/"]:
            self.assertIn(path + " ", flat["FILES"])
        for command in self.commands:  # every example of the help, in EXAMPLES
            own = run(command, "--help").stdout
            for line in re.findall(r"^  (relmap .*)$", own.split("Examples:")[-1], re.M) if "Examples:" in own else []:
                self.assertIn(line, flat["EXAMPLES"])

    def complete(self, *words, cwd=None):
        """What bash completes after `words` (the last one being typed), with
        the installed relmap first on the PATH."""
        script = self.installed("share/bash-completion/completions/relmap")
        line = " ".join(f"'{w}'" for w in words)
        env = {**os.environ, "PATH": os.path.join(self.prefix.name, "bin") + os.pathsep + os.environ["PATH"]}
        r = subprocess.run(["bash", "-c", f'source "$1"; COMP_WORDS=(relmap {line}); COMP_CWORD={len(words)}; '
                            '_relmap; printf "%s\\n" "${COMPREPLY[@]}"', "bash", script],
                           capture_output=True, text=True, env=env, cwd=cwd)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.split()

    def test_bash_completion_offers_option_values(self):
        self.assertEqual(self.complete("render", "--format", ""), ["svg", "png", "pdf", "dot"])
        self.assertEqual(self.complete("render", "-f", "p"), ["png", "pdf"])
        self.assertEqual(self.complete("render", "--format", "=", "d"), ["dot"])  # --format=d
        self.assertEqual(self.complete("path", "-f", "j"), ["json"])
        self.assertEqual(sorted(self.complete("export", "--format", "g")), ["gexf", "graphml"])
        self.assertEqual(self.complete("build", "--engine", ""), ["auto", "dot", "neato", "fdp", "sfdp", "circo", "twopi"])
        self.assertEqual(self.complete("report", "--theme", "d"), ["dark"])
        self.assertEqual(self.complete("completion", ""), ["bash", "zsh"])
        self.assertEqual(self.complete("stats", "--top", ""), [])  # no list to offer: left to bash

    def test_bash_completion_offers_the_projects_actor_ids(self):
        with tempfile.TemporaryDirectory() as tmp:
            project_copy(tmp)
            ids = run("__actor-ids", cwd=tmp).stdout.split()
            self.assertIn("lao-cert", ids)
            self.assertEqual(ids, sorted(ids))
            self.assertEqual(self.complete("path", "lao-c", cwd=tmp), ["lao-cert"])
            self.assertEqual(self.complete("path", "laos", "jap", cwd=tmp),
                             [i for i in ids if i.startswith("jap")])
            self.assertEqual(self.complete("neighbors", "--depth", "2", "lao-c", cwd=tmp), ["lao-cert"])
            self.assertEqual(self.complete("render", "--focus", "lao-c", cwd=tmp), ["lao-cert"])
            self.assertEqual(self.complete("path", "--avoid", "laos,lao-c", cwd=tmp), ["laos,lao-cert"])
            # Another project named on the command line: its ids.
            self.assertEqual(self.complete("common", "--schema", SCHEMA, "--data", fixture("good"), "k"),
                             [i for i in run("__actor-ids", "--schema", SCHEMA, "--data", fixture("good")).stdout.split()
                              if i.startswith("k")])
        # Outside any project: nothing offered (bash then offers file names).
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(self.complete("path", "la", cwd=tmp), [])

    def test_bash_completion_knows_every_command_and_option(self):
        script = self.installed("share/bash-completion/completions/relmap")
        self.assertEqual(subprocess.run(["bash", "-n", script]).returncode, 0)
        self.assertEqual(self.complete("val"), ["validate"])
        self.assertEqual(self.complete("help", "ren"), ["render"])
        self.assertEqual(sorted(self.complete("")), sorted(self.commands))
        self.assertEqual(self.complete("stats", "--t"), ["--top"])
        self.assertEqual(self.complete("-q", "path", "--wei"), ["--weighted"])
        self.assertEqual(self.complete("render", "--schema", ""), [])  # a file name: left to bash
        for command in self.commands:
            if command == "help":  # `relmap help --help` is the program's own help
                continue
            options = set(re.findall(r"^  (?:-\w,)?(--[a-z-]+)", run(command, "--help").stdout, re.M))
            self.assertIn("--help", options)
            self.assertEqual(options, set(self.complete(command, "--")), command)

    def test_zsh_completion_names_every_command(self):
        script = self.installed("share/zsh/site-functions/_relmap")
        with open(script) as f:
            text = f.read()
        self.assertTrue(text.startswith("#compdef relmap\n"))
        for command in self.commands:
            self.assertIn(f"\n    '{command}:", text)
        self.assertIn("'--top[How many top actors to list]:value:_files'", text)
        self.assertIn("'--format[Output format]:value:(svg png pdf dot)'", text)
        self.assertIn("'--theme[Colour theme]:value:(light dark)'", text)
        self.assertIn("'--focus[Draw the actors around this one (with --depth)]:value:_relmap_actors'", text)
        for command, arguments in [("path", "_relmap_actors"), ("neighbors", "_relmap_actors"),
                                   ("completion", "(bash zsh)"), ("stats", "_files")]:
            case = text.split(f"\n        {command}) _arguments")[1].split(" ;;\n")[0]
            self.assertTrue(case.endswith(f":{arguments}'"), case)
        self.assertIn("relmap __actor-ids $load", text)
        if shutil.which("zsh"):
            self.assertEqual(subprocess.run(["zsh", "-n", script]).returncode, 0)
            # Its actor helper, with compadd standing in for zsh's completion
            # system: the ids of the project the command line names.
            env = {**os.environ, "PATH": os.path.join(self.prefix.name, "bin") + os.pathsep + os.environ["PATH"]}
            r = subprocess.run(["zsh", "-f", "-c", "source <(sed -e '$d' \"$1\"); "
                                'compadd() { [[ $1 == -a ]] && print -l -- ${(P)2}; }; '
                                'words=(path --schema "$2" --data "$3" x); _relmap_actors', "zsh", script,
                                SCHEMA, fixture("good")], capture_output=True, text=True, env=env)
            self.assertEqual((r.returncode, r.stderr), (0, ""))
            self.assertEqual(r.stdout, run("__actor-ids", "--schema", SCHEMA, "--data", fixture("good")).stdout)
            self.assertIn("jica\n", r.stdout)


def facts_in_one_document():
    """The good fixture's two files as one facts document."""
    with open(fixture("good") + "/forum.yaml") as f:
        forum = f.read()
    source = ("  - {id: src-forum, type: source, name: Forum article, publisher: Example Post, "
              "date: 2023-06, file: forum.txt}\n")
    return forum.replace("entities:\n", "entities:\n" + source, 1)


class StandardInputTest(unittest.TestCase):
    """--data - reads one facts document from standard input."""

    def run_stdin(self, text, *args, cwd=None):
        return subprocess.run([RELMAP, *args, "--schema", SCHEMA, "--data", "-"], input=text,
                              capture_output=True, text=True, cwd=cwd, timeout=120)

    def test_facts_from_standard_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = self.run_stdin(facts_in_one_document(), "validate", "--sources", fixture("sources"), cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "6 entities, 5 relations in 1 files: 0 errors, 0 warnings\n")
            self.assertEqual(os.listdir(tmp), [])  # no cache, no snapshot
        r = self.run_stdin(facts_in_one_document(), "path", "MPTC", "JICA", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["paths"][0]["length"], 2)

    def test_errors_name_standard_input(self):
        with open(fixture("bad") + "/facts.yaml") as f:
            bad = f.read()
        r = self.run_stdin(bad, "validate")
        self.assertEqual(r.returncode, 1)
        self.assertIn("<stdin>:6:39: error: unknown id 'loas' in 'to' (did you mean 'laos'?)\n", r.stderr)
        r = self.run_stdin("entities: [", "validate")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("<stdin>:"), r.stderr)
        r = self.run_stdin("", "validate")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0 entities, 0 relations in 1 files", r.stdout)


class BuildTest(unittest.TestCase):
    def build(self, out, data="good"):
        return run("build", "--schema", SCHEMA, "--data", fixture(data), "--out", out)

    def test_build_writes_maps_and_exports_deterministically(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            ra, rb = self.build(a), self.build(b)
            self.assertEqual(ra.returncode, 0, ra.stderr)
            self.assertEqual(rb.returncode, 0, rb.stderr)
            names = sorted(os.path.relpath(os.path.join(d, f), a)
                           for d, _, files in os.walk(a) for f in files if f != ".relmap-output")
            self.assertEqual([n for n in names if not n.startswith("neo4j/")],
                             ["explore.html", "maps/source-src-forum.dot", "maps/source-src-forum.svg",
                              "relmap.dot", "relmap.gexf", "relmap.graphml", "relmap.json", "relmap.stix.json", "relmap.svg",
                              "report.html", "report.md"])
            self.assertIn("neo4j/import.cypher", names)
            for name in names:
                with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), name)
            self.assertTrue(xmllint_ok(os.path.join(a, "relmap.svg")))
            svg = ET.parse(os.path.join(a, "relmap.svg")).getroot()
            texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("Ministry of Post and Telecommunications", " ".join(texts))
            self.assertIn("hosted", texts)

    def test_failed_validation_writes_nothing(self):
        with tempfile.TemporaryDirectory() as out:
            r = self.build(out, data="bad")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(os.listdir(out), [])

    def test_hostile_text_stays_text(self):
        with tempfile.TemporaryDirectory() as out:
            r = self.build(out, data="hostile")
            self.assertEqual(r.returncode, 0, r.stderr)
            svg_path = os.path.join(out, "relmap.svg")
            self.assertTrue(xmllint_ok(svg_path))
            root = ET.parse(svg_path).getroot()
            tags = {el.tag.split("}")[1] for el in root.iter()}
            self.assertNotIn("script", tags)
            self.assertNotIn("i", tags)
            # Long names are wrapped onto several lines: join the lines back.
            text = " ".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text"))
            self.assertIn("</text><script>alert('x')</script>", text)
            self.assertIn('A & B <i>x</i> "quoted" \'single\' ]]> --> <!--', text)
            self.assertIn("node [shape=box] \\N \\G \\\\ trailing\\", text)
            # The hostile names did not add nodes or edges to the DOT.
            with open(os.path.join(out, "relmap.dot")) as f:
                dot = f.read()
            self.assertEqual(re.findall(r"^\t(\S+) -> (\S+)\t", dot, re.M),
                             [('"graph"', "src"), ('"graph"', '"edge"')])  # keywords quoted
            self.assertEqual(re.findall(r"^\t(\S+)\t\[", dot, re.M), ["src", '"graph"', '"edge"'])
            self.assertTrue(xmllint_ok(os.path.join(out, "relmap.graphml")))


    def test_published_dot_draws_the_text_as_written(self):
        """Graphviz reads entities and backslash escapes in what it draws: the
        DOT file relmap publishes, drawn by the dot program, shows every label,
        tooltip and link as relmap's own SVG does."""
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            shutil.copytree(fixture("hostile"), data)
            with open(os.path.join(data, "entities.yaml"), "w") as f:
                f.write("entities:\n"
                        "  - {id: att, type: country, name: \"AT&amp;T &lt;script&gt; &#92;N x\\\\G\"}\n"
                        "  - {id: src2, type: source, name: \"S &amp; T\", file: b.txt,"
                        " url: \"https://example.org/?q=&lt;x&gt;&amp;y=1&z&#38;\"}\n"
                        "relations:\n"
                        "  - {from: att, type: cooperates_with, to: graph, source: src2, evidence: \"&amp; \\\\N\"}\n")
            out = os.path.join(tmp, "out")
            r = run("build", "--schema", SCHEMA, "--data", data, "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            drawn = subprocess.run(["dot", "-Tsvg", os.path.join(out, "relmap.dot")], capture_output=True, text=True)
            self.assertEqual(drawn.returncode, 0, drawn.stderr)
            with open(os.path.join(out, "relmap.svg")) as f:
                own = f.read()

            def shown(svg):
                root = ET.fromstring(svg)
                texts = sorted(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
                titles = sorted(a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter()
                                if a.get("{http://www.w3.org/1999/xlink}title") is not None)
                links = sorted(a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter()
                               if a.get("{http://www.w3.org/1999/xlink}href") is not None)
                return texts, titles, links

            texts, titles, links = shown(own)
            self.assertIn("AT&amp;T", texts)  # the name as written, over lines
            self.assertIn("&lt;script&gt;", texts)
            self.assertIn("&#92;N x\\G", texts)
            self.assertIn("https://example.org/?q=&lt;x&gt;&amp;y=1&z&#38;", links)
            self.assertIn("</text><script>alert('x')</script>", texts)
            self.assertEqual(shown(drawn.stdout), (texts, titles, links))


def tree(folder):
    """Every file under `folder`: its relative path and the SHA-256 of its bytes."""
    files = {}
    for d, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(d, name), "rb") as f:
                files[os.path.relpath(os.path.join(d, name), folder)] = hashlib.sha256(f.read()).hexdigest()
    return files


class OutputFolderTest(unittest.TestCase):
    """out/ is replaced as one set, under a lock, or left as it was with the real cause."""

    @classmethod
    def setUpClass(cls):
        cls.refs = tempfile.TemporaryDirectory()
        cls.sets = {}
        for data in ["good", "hostile"]:
            out = os.path.join(cls.refs.name, data)
            r = cls.build(out, data)
            assert r.returncode == 0, r.stderr
            cls.sets[data] = tree(out)

    @classmethod
    def tearDownClass(cls):
        cls.refs.cleanup()

    @staticmethod
    def build(out, data="good", **kwargs):
        return run("build", "--schema", SCHEMA, "--data", fixture(data), "--out", out, **kwargs)

    @staticmethod
    def start(out, data="good"):
        return subprocess.Popen([RELMAP, "build", "--schema", SCHEMA, "--data", fixture(data), "--out", out],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def assert_alone(self, out):
        """Nothing but out/ itself beside it: no lock file, no staging folder."""
        self.assertEqual(os.listdir(os.path.dirname(out)), [os.path.basename(out)])

    def test_help_says_the_folder_is_replaced(self):
        r = run("build", "--help")
        self.assertIn("replaced as a whole", " ".join(r.stdout.split()))

    def test_files_put_by_hand_are_removed(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            self.assertEqual(self.build(out).returncode, 0)
            shutil.rmtree(os.path.join(out, "maps"))
            with open(os.path.join(out, "maps"), "w") as f:  # a file where a folder goes
                f.write("mine")
            with open(os.path.join(out, "notes.txt"), "w") as f:
                f.write("mine")
            r = self.build(out, "hostile")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(tree(out), self.sets["hostile"])
            self.assert_alone(out)

    def test_a_folder_relmap_did_not_write_is_left_alone(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "notes.txt"), "w") as f:
                f.write("mine")
            r = self.build(".", cwd=tmp)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, ".: error: cannot write the output folder: it holds files relmap did not "
                             "write (it has no .relmap-output); empty it, remove it or choose another folder\n")
            self.assertEqual(os.listdir(tmp), ["notes.txt"])

    def test_out_that_is_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            with open(out, "w") as f:
                f.write("mine")
            r = self.build(out)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{out}: error: cannot write the output folder: Not a directory\n")
            self.assertEqual(os.listdir(tmp), ["out"])

    def mount(self, *args):
        if os.geteuid() != 0:
            self.skipTest("mounting needs root")
        r = subprocess.run(["mount", *args], capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest("cannot mount here: " + r.stderr.strip())

    def test_read_only_file_system(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            self.assertEqual(self.build(out).returncode, 0)
            self.mount("--bind", tmp, tmp)
            try:
                self.mount("-o", "remount,ro,bind", tmp)
                r = self.build(out, "hostile")
            finally:
                subprocess.run(["umount", tmp], check=True)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{out}: error: cannot write the output folder: Read-only file system\n")
            self.assertEqual(tree(out), self.sets["good"])

    def test_no_permission(self):
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to run relmap as another user")
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", RELMAP, "build",
                     "--schema", SCHEMA, "--data", fixture("good"), "--out"]
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o755)
            for out in [os.path.join(tmp, "new"), os.path.join(tmp, "mine")]:
                if out.endswith("mine"):  # relmap's folder, but not writable by this user
                    self.assertEqual(self.build(out).returncode, 0)
                    os.chmod(tmp, 0o777)
                r = subprocess.run(as_nobody + [out], capture_output=True, text=True, timeout=300)
                self.assertEqual(r.returncode, 1)
                self.assertEqual(r.stderr, f"{out}: error: cannot write the output folder: Permission denied\n")
            self.assertEqual(tree(os.path.join(tmp, "mine")), self.sets["good"])

    def test_full_disk(self):
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "disk")
            os.mkdir(disk)
            self.mount("-t", "tmpfs", "-o", "size=400k", "tmpfs", disk)
            try:
                out = os.path.join(disk, "out")
                self.assertEqual(self.build(out).returncode, 0)
                # Leave less room than the new set needs.
                free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
                with open(os.path.join(disk, "filler"), "wb") as f:
                    f.write(b"x" * (free - 8192))
                r = self.build(out, "hostile")
                self.assertEqual(r.returncode, 1)
                self.assertRegex(r.stderr, "^" + re.escape(out) + r"/\S+: error: cannot write file: "
                                 r"No space left on device\n$")
                self.assertEqual(tree(out), self.sets["good"])
                self.assertEqual(sorted(os.listdir(disk)), ["filler", "out"])
                os.unlink(os.path.join(disk, "filler"))
                r = self.build(out, "hostile")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(tree(out), self.sets["hostile"])
            finally:
                subprocess.run(["umount", disk], check=True)

    def test_builds_at_once_take_turns(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            procs = [self.start(out, data) for data in ["good", "hostile"] * 3]
            for p in procs:
                _, err = p.communicate(timeout=300)
                self.assertEqual(p.returncode, 0, err)
            self.assertIn(tree(out), [self.sets["good"], self.sets["hostile"]])
            self.assert_alone(out)

    def test_a_build_waits_while_another_holds_the_lock(self):
        import fcntl
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            with open(os.path.join(tmp, ".out.relmap-lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                proc = self.start(out)
                try:
                    proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
                self.assertIsNone(proc.returncode, "the build did not wait for the lock")
                self.assertFalse(os.path.exists(out))
            _, err = proc.communicate(timeout=60)
            self.assertEqual(proc.returncode, 0, err)
            self.assertEqual(tree(out), self.sets["good"])

    def test_killed_at_any_moment_leaves_the_old_set_or_the_new(self):
        import random
        rng = random.Random(5)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            began = time.monotonic()
            self.assertEqual(self.build(out).returncode, 0)
            duration = time.monotonic() - began  # kills spread over a whole build and a little after
            staging_seen, kills_while_writing = set(), 0
            for i in range(80):
                proc = self.start(out, "hostile" if i % 2 else "good")
                time.sleep(rng.uniform(0, 1.2 * duration))
                proc.kill()
                proc.communicate()
                self.assertIn(tree(out), [self.sets["good"], self.sets["hostile"]], f"kill {i}")
                staging = {name for name in os.listdir(tmp) if ".relmap-staging-" in name}
                kills_while_writing += bool(staging - staging_seen)
                staging_seen |= staging
            self.assertGreater(kills_while_writing, 0, "no kill came while the new set was being written")
            r = self.build(out, "hostile")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(tree(out), self.sets["hostile"])
            self.assert_alone(out)


class RenderTest(unittest.TestCase):
    def test_render_formats_to_file_and_stdout(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "map.dot")
            r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot", "-o", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(path) as f:
                self.assertTrue(f.read().startswith("digraph relmap {"))
        r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "--engine", "neato")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("<svg", r.stdout)

    def test_stated_only_draws_no_implied_relation(self):
        every = run("render", "-f", "dot", cwd=ROOT)
        stated = run("render", "-f", "dot", "--stated-only", cwd=ROOT)
        self.assertEqual(every.returncode, 0, every.stderr)
        self.assertEqual(stated.returncode, 0, stated.stderr)
        self.assertIn("implied", every.stdout)  # data/ has implied relations...
        self.assertNotIn("implied", stated.stdout)  # ... none of them drawn
        self.assertIn("->", stated.stdout)

    def test_output_file_written_whole_by_concurrent_renders(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "map.dot")
            for _ in range(5):
                procs = [subprocess.Popen([RELMAP, "render", "--schema", SCHEMA, "--data", fixture("good"),
                                           "-f", "dot", "-o", path], stderr=subprocess.PIPE, text=True)
                         for _ in range(8)]
                for p in procs:
                    _, err = p.communicate(timeout=300)
                    self.assertEqual(p.returncode, 0, err)
            with open(path) as f:
                self.assertTrue(f.read().startswith("digraph relmap {"))
            self.assertEqual(os.listdir(out), ["map.dot"])  # no temporary file left

    def test_output_file_errors_give_the_cause(self):
        with tempfile.TemporaryDirectory() as out:
            open(os.path.join(out, "file"), "w").close()
            path = os.path.join(out, "file", "map.dot")
            r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot", "-o", path)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{path}: error: cannot write file: {out}/file is not a folder\n")
            os.mkdir(os.path.join(out, "dir"))
            r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot", "-o", out + "/dir")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{out}/dir: error: cannot write file: Is a directory\n")
            self.assertEqual(sorted(os.listdir(out)), ["dir", "file"])

    def render_to(self, path, fmt="dot"):
        return run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", fmt, "-o", path)

    def test_output_goes_where_the_user_pointed(self):
        with tempfile.TemporaryDirectory() as tmp:
            expected = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot").stdout
            # A missing folder is an error, and is not made.
            path = os.path.join(tmp, "no", "such", "map.dot")
            r = self.render_to(path)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{path}: error: cannot write file: the folder {tmp}/no/such does not exist\n")
            self.assertEqual(os.listdir(tmp), [])
            # A link stays a link; the file it leads to is replaced.
            os.mkdir(os.path.join(tmp, "real"))
            with open(os.path.join(tmp, "real", "map.dot"), "w") as f:
                f.write("old")
            os.symlink("real/map.dot", os.path.join(tmp, "link.dot"))
            os.symlink("real/new.dot", os.path.join(tmp, "dangling.dot"))
            for link in ("link.dot", "dangling.dot"):
                r = self.render_to(os.path.join(tmp, link))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(os.path.islink(os.path.join(tmp, link)))
                with open(os.path.join(tmp, link)) as f:
                    self.assertEqual(f.read(), expected)
            self.assertEqual(sorted(os.listdir(os.path.join(tmp, "real"))), ["map.dot", "new.dot"])
            # A pipe is written into, and stays a pipe.
            fifo = os.path.join(tmp, "fifo")
            os.mkfifo(fifo)
            reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
            r = self.render_to(fifo)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(reader.communicate(timeout=60)[0].decode(), expected)
            self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
            # A full device is an error with its cause, as is standard output on one.
            r = self.render_to("/dev/full")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, "/dev/full: error: cannot write file: No space left on device\n")
            self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))
            with open("/dev/full", "w") as full:
                r = subprocess.run([RELMAP, "render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot"],
                                   stdout=full, stderr=subprocess.PIPE, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, "error: cannot write standard output: No space left on device\n")
            # /dev/stdout is standard output, whatever it is.
            r = self.render_to("/dev/stdout")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, expected)
            with open(os.path.join(tmp, "redirected.dot"), "w") as f:
                r = subprocess.run([RELMAP, "render", "--schema", SCHEMA, "--data", fixture("good"), "-f", "dot",
                                    "-o", "/dev/stdout"], stdout=f, stderr=subprocess.PIPE, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(tmp, "redirected.dot")) as f:
                self.assertEqual(f.read(), expected)
            # An export that writes a folder makes it only in a folder that exists.
            path = os.path.join(tmp, "no", "neo4j")
            r = run("export", "--schema", SCHEMA, "--data", fixture("good"), "--format", "neo4j", "-o", path)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, f"{path}: error: cannot write file: the folder {tmp}/no does not exist\n")
            self.assertFalse(os.path.exists(os.path.join(tmp, "no")))

    def test_png_and_pdf(self):
        with tempfile.TemporaryDirectory() as out:
            for fmt, magic in [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")]:
                path = os.path.join(out, "map." + fmt)
                r = run("render", "--schema", SCHEMA, "--data", fixture("good"), "-f", fmt, "-o", path)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(len(magic)), magic)


class LayoutCrashTest(unittest.TestCase):
    """A map on whose layout dot dies (as Debian 12's Graphviz 2.42 does on
    some large maps; RELMAP_LAYOUT_FAULT makes dot's child die of SIGSEGV on
    the map it names) is drawn with neato, and relmap says so."""

    def test_a_map_dot_dies_on_is_drawn_with_neato(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "corpus")
            subprocess.run([sys.executable, relmap_run.GENERATOR, root, "--relations", "10000", "--seed", "1"],
                           check=True, capture_output=True)
            os.mkdir(os.path.join(tmp, "tmp"))
            env = dict(os.environ, TMPDIR=os.path.join(tmp, "tmp"))
            r = run("render", "--source", "src-000229", "-f", "svg", "-o", "map.svg", cwd=root, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("during layout", r.stderr)
            with open(os.path.join(root, "map.svg"), encoding="utf-8") as f:
                drawn_with_dot = f.read()
            self.assertIn('id="source-src-000229-part-2--', drawn_with_dot)  # split, with a second part
            env["RELMAP_LAYOUT_FAULT"] = "source-src-000229-part-2"
            r = run("render", "--source", "src-000229", "-f", "svg", "-o", "map.svg", cwd=root, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(root, "map.svg"), encoding="utf-8") as f:
                svg = f.read()
            self.assertIn("</svg>", svg)
            self.assertIn('id="source-src-000229-part-2--', svg)
            self.assertNotEqual(svg, drawn_with_dot)  # the part is drawn otherwise
            lines = r.stderr.splitlines()
            self.assertTrue(lines, r.stderr)
            for line in lines:
                self.assertEqual(line, "warning: Graphviz was killed by signal 11 during layout with engine 'dot' "
                                       "of the map 'source-src-000229-part-2'; it is drawn with neato instead")


class TemporaryFilesTest(unittest.TestCase):
    """Nothing a run writes on the way outlives it: what a signal ends is
    cleaned at once, what kill -9 leaves is swept by the next run, but never
    what a live run holds."""

    TEMPORARY = re.compile(r"^(facts\.cache\.[A-Za-z0-9]{6}|\..*\.tmp-[a-z0-9]{12})$")

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = os.path.join(cls.tmp.name, "corpus")
        subprocess.run([sys.executable, relmap_run.GENERATOR, cls.root,
                        "--relations", "20000"], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cache_folder(self):
        base = os.path.join(self.root, ".relmap-cache")
        names = os.listdir(base)
        self.assertEqual(len(names), 1, names)
        return os.path.join(base, names[0])

    def temporaries(self, folder):
        return sorted(n for n in os.listdir(folder) if self.TEMPORARY.match(n))

    def touch_facts(self):
        """Change a facts file, so that the next run parses and caches again."""
        path = os.path.join(self.root, "data", "articles", sorted(os.listdir(os.path.join(self.root, "data", "articles")))[0])
        with open(path, "a") as f:
            f.write("\n")

    def test_a_signal_removes_the_cache_being_written(self):
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            shutil.rmtree(os.path.join(self.root, ".relmap-cache"), ignore_errors=True)
            p = subprocess.Popen([RELMAP, "validate"], cwd=self.root, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            seen = []
            deadline = time.monotonic() + 120
            while not seen and p.poll() is None and time.monotonic() < deadline:
                try:
                    folder = self.cache_folder()
                    seen = self.temporaries(folder)
                except (FileNotFoundError, AssertionError):
                    pass
            self.assertTrue(seen, "the run ended before it wrote its cache")
            p.send_signal(signal_number)
            p.wait(timeout=120)
            self.assertEqual(p.returncode, -signal_number)  # it still ends by the signal
            self.assertEqual(self.temporaries(folder), [])

    def test_what_a_killed_run_left_is_swept_but_not_what_a_live_run_holds(self):
        run("validate", cwd=self.root)
        folder = self.cache_folder()
        old = time.time() - 3600
        for name in ("facts.cache.dead01", ".graph.snap.tmp-dead00000000", "facts.cache.live01"):
            with open(os.path.join(folder, name), "w") as f:
                f.write("left by a run killed with -9")
            os.utime(os.path.join(folder, name), (old, old))
        with open(os.path.join(folder, "facts.cache.live01")) as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # as a live run holds what it writes
            self.touch_facts()
            r = run("validate", cwd=self.root)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.temporaries(folder), ["facts.cache.live01"])
        self.touch_facts()
        run("validate", cwd=self.root)
        self.assertEqual(self.temporaries(folder), [])


class ExportTest(unittest.TestCase):
    def export(self, fmt, data):
        r = run("export", "--schema", SCHEMA, "--data", data, "--format", fmt)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_graphml_reads_back_in_networkx(self):
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(self.export("graphml", fixture("good")))
        try:
            g = nx.read_graphml(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(sorted(g.nodes), ["cambodia", "forum", "japan", "jica", "kh-mpt", "src-forum"])
        self.assertEqual(g.nodes["kh-mpt"]["type"], "government_body")
        self.assertEqual(g.nodes["kh-mpt"]["label"], "Ministry of Post and Telecommunications")
        self.assertEqual(g.nodes["kh-mpt"]["kind"], "ministry")
        edges = sorted((u, v, d["relation"], *json.loads(d["cites"])) for u, v, d in g.edges(data=True))
        self.assertEqual(edges, [
            ("forum", "src-forum", "reported_by", "src-forum"),
            ("jica", "forum", "supports", "src-forum"),
            ("jica", "japan", "part_of", "src-forum"),
            ("kh-mpt", "cambodia", "part_of", "src-forum"),
            ("kh-mpt", "forum", "hosted", "src-forum"),
        ])
        self.assertEqual(json.loads(g["kh-mpt"]["forum"]["evidence"]), ["The Ministry hosted a recent consultative forum"])

    def test_json_is_node_link(self):
        doc = json.loads(self.export("json", fixture("good")))
        g = nx.node_link_graph(doc)
        self.assertEqual(g.number_of_nodes(), 6)
        self.assertEqual(g.number_of_edges(), 5)
        self.assertEqual({n["id"]: n["type"] for n in doc["nodes"]}["jica"], "government_body")
        link = doc["links"][2]
        self.assertEqual((link["source"], link["target"], link["relation"], link["cites"]),
                         ("kh-mpt", "forum", "hosted", ["src-forum"]))


class ProjectFileTest(unittest.TestCase):
    """relmap.yaml's sources: quotes checked by validate and build, or one warning when the folder is absent."""

    def project(self, tmp, sources):
        shutil.copy(SCHEMA, os.path.join(tmp, "graph-schema.yaml"))
        shutil.copytree(fixture("good"), os.path.join(tmp, "data"))
        with open(os.path.join(tmp, "relmap.yaml"), "w") as f:
            f.write(f"sources: {sources}\n")

    def test_sources_named_in_the_project_file_are_checked(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.project(tmp, "texts")
            shutil.copytree(fixture("sources"), os.path.join(tmp, "texts"))
            r = run("validate", cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("not checked", r.stdout + r.stderr)
            with open(os.path.join(tmp, "texts", "forum.txt"), "w") as f:
                f.write("Nothing of the kind.\n")
            for command in ("validate", "build"):
                r = run(command, cwd=tmp)
                self.assertEqual(r.returncode, 1, command)
                self.assertIn("error: evidence not found in the text of source 'src-forum'", r.stderr)

    def test_a_missing_sources_folder_is_one_warning(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.project(tmp, "../no-such-articles")
            warning = "warning: relmap.yaml: sources folder ../no-such-articles not found; evidence quotes are not checked\n"
            r = run("validate", cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, warning)
            self.assertEqual(r.stdout, "6 entities, 5 relations in 2 files: 0 errors, 0 warnings\n")
            r = run("build", cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, warning)
            self.assertTrue(os.path.isfile(os.path.join(tmp, "out", "relmap.svg")))


class ProjectDataTest(unittest.TestCase):
    """The curated data under data/ with the project's schema."""

    def test_a_new_file_is_validated_among_the_project_facts(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(SCHEMA, os.path.join(tmp, "graph-schema.yaml"))
            shutil.copytree(os.path.join(ROOT, "data"), os.path.join(tmp, "data"))
            new = os.path.join(tmp, "new-article.yaml")
            with open(new, "w") as f:
                f.write("source: src-new\n"
                        "entities:\n"
                        "  - {id: src-new, type: source, name: A new article, date: 2025-01, file: new.txt}\n"
                        "relations:\n"
                        "  - {from: japan, type: cooperates_with, to: laos, evidence: Japan and Laos agreed}\n"
                        "  - {from: japan, type: cooperates_with, to: laoss, evidence: Japan and Laos agreed}\n")
            r = run("validate", "--data", new, cwd=tmp)
            self.assertEqual(r.returncode, 1)
            # Ids of data/ resolve; only the typo is an error, with its place.
            self.assertEqual(r.stderr.count("error:"), 1, r.stderr)
            self.assertIn("new-article.yaml:6:46: error: unknown id 'laoss' in 'to' (did you mean 'laos'?)", r.stderr)
            # A file of data/ itself is read once, among the others.
            article = os.path.join(tmp, "data", "articles", sorted(os.listdir(os.path.join(tmp, "data", "articles")))[0])
            alone = run("validate", "--data", article, cwd=tmp)
            whole = run("validate", cwd=tmp)
            self.assertEqual(alone.returncode, 0, alone.stderr)
            self.assertEqual(alone.stdout.splitlines()[0], whole.stdout.splitlines()[0])

    def test_curated_data_validates_and_exports(self):
        r = run("validate", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        entities = int(r.stdout.split()[0])
        relations = int(r.stdout.split()[2])
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(self.export_graphml())
        try:
            g = nx.read_graphml(f.name, force_multigraph=True)
        finally:
            os.unlink(f.name)
        self.assertEqual(g.number_of_nodes(), entities)
        self.assertEqual(g.number_of_edges(), relations)

    def test_evidence_quotes_occur_in_the_articles(self):
        articles = os.path.join(ROOT, "..", "shared", "articles")
        if not os.path.isdir(articles):
            self.skipTest("no ../shared/articles beside the repository")
        r = run("validate", "--sources", articles, cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertTrue(r.stdout.endswith(": 0 errors, 0 warnings\n"), r.stdout)

    def export_graphml(self):
        r = run("export", "--format", "graphml", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout


if __name__ == "__main__":
    unittest.main()


class QueryTest(unittest.TestCase):
    """Queries on the curated data, cross-checked against NetworkX reading relmap's GraphML."""

    PAIRS = [("lao-cert", "shinzo-abe"), ("la-mpt", "jica"), ("kin-phea", "to-lam"),
             ("daniel-stauffacher", "unodc"), ("tsubame", "vn-mps"), ("myanmar", "singapore")]

    @classmethod
    def setUpClass(cls):
        r = run("export", "--format", "graphml", cwd=ROOT)
        assert r.returncode == 0, r.stderr
        with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False) as f:
            f.write(r.stdout)
        try:
            cls.multi = nx.read_graphml(f.name, force_multigraph=True)
        finally:
            os.unlink(f.name)
        cls.simple = nx.Graph(cls.multi.to_undirected())
        import yaml
        with open(SCHEMA) as f:
            schema = yaml.safe_load(f)
        weights = {name: float(rel.get("weight", 1)) for name, rel in schema["relation_types"].items()}
        cls.weighted = nx.Graph()
        for u, v, d in cls.multi.edges(data=True):
            w = weights[d["relation"]]
            if not cls.weighted.has_edge(u, v) or cls.weighted[u][v]["weight"] > w:
                cls.weighted.add_edge(u, v, weight=w)

    def query(self, *args):
        r = run(*args, "--format", "json", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_shortest_path_lengths_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b)
            self.assertEqual((doc["from"], doc["to"]), (a, b))
            path = doc["paths"][0]
            self.assertEqual(path["length"], nx.shortest_path_length(self.simple, a, b), (a, b))
            walk = [path["hops"][0]["from"]] + [h["to"] for h in path["hops"]]
            self.assertEqual((walk[0], walk[-1]), (a, b))
            for hop in path["hops"]:  # each hop is a real relation, stored the way it says
                u, v = (hop["from"], hop["to"]) if hop["direction"] == "forward" else (hop["to"], hop["from"])
                rels = [d["relation"] for d in self.multi.get_edge_data(u, v, default={}).values()]
                self.assertIn(hop["relation"], rels, hop)
                self.assertTrue(hop["cites"].startswith("src-"))
                self.assertTrue(hop["evidence"])

    def test_all_shortest_paths_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b, "--all", "--limit", "10000")
            expected = sorted(tuple(p) for p in nx.all_shortest_paths(self.simple, a, b))
            got = sorted(tuple([p["hops"][0]["from"]] + [h["to"] for h in p["hops"]]) for p in doc["paths"])
            self.assertEqual(got, expected, (a, b))

    def test_k_shortest_lengths_match_networkx(self):
        for a, b in self.PAIRS[:4]:
            doc = self.query("path", a, b, "--k", "6")
            expected = [len(p) - 1 for _, p in zip(range(6), nx.shortest_simple_paths(self.simple, a, b))]
            self.assertEqual([p["length"] for p in doc["paths"]], expected, (a, b))
            for p in doc["paths"]:
                walk = [p["hops"][0]["from"]] + [h["to"] for h in p["hops"]]
                self.assertEqual(len(set(walk)), len(walk), walk)  # loop-free

    def test_weighted_costs_match_networkx(self):
        for a, b in self.PAIRS:
            doc = self.query("path", a, b, "--weighted")
            self.assertAlmostEqual(doc["paths"][0]["cost"],
                                   nx.dijkstra_path_length(self.weighted, a, b), msg=(a, b))

    def test_betweenness_matches_networkx(self):
        doc = self.query("stats", "--top", "5")
        expected = nx.betweenness_centrality(self.simple)
        for row in doc["top_betweenness"]:
            self.assertAlmostEqual(row["betweenness"], expected[row["id"]], places=9)
        best = max(expected.values())
        self.assertAlmostEqual(doc["top_betweenness"][0]["betweenness"], best, places=9)
        self.assertEqual(doc["nodes"], self.multi.number_of_nodes())
        self.assertEqual(doc["relations"], self.multi.number_of_edges())
        self.assertEqual(doc["components"]["count"], nx.number_connected_components(self.simple))

    def test_neighbors_and_common_match_networkx(self):
        doc = self.query("neighbors", "japan", "--depth", "2")
        within = nx.single_source_shortest_path_length(self.simple, "japan", cutoff=2)
        self.assertEqual({n["id"]: n["distance"] for n in doc["nodes"]}, within)
        doc = self.query("common", "cambodia", "japan")
        expected = set(self.simple["cambodia"]) & set(self.simple["japan"])
        self.assertEqual({c["id"] for c in doc["common"]}, expected)

    def test_text_output_cites_each_hop(self):
        r = run("path", "Lao CERT", "Shinzo Abe", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Lao Computer Emergency Response Team \u2014[part of, implied]\u2192 Laos", r.stdout)
        self.assertIn("source: src-001: CLMV countries consult on cybersecurity policy", r.stdout)
        self.assertIn("evidence: \u201cJapanese prime minister Shinzo Abe\u201d", r.stdout)

    def test_no_path_names_the_filters(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            shutil.copytree(fixture("good"), data)
            with open(os.path.join(data, "island.yaml"), "w") as f:
                f.write("source: src-forum\nentities:\n"
                        "  - {id: atoll, type: country, name: Atoll}\n"
                        "  - {id: reef, type: country, name: Reef}\n"
                        "relations:\n"
                        "  - {from: atoll, type: cooperates_with, to: reef, evidence: atoll and reef}\n")
            r = run("path", "--schema", SCHEMA, "--data", data, "cambodia", "reef")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, "error: no path from Cambodia [cambodia] to Reef [reef] (no filters)\n")
            r = run("path", "--schema", SCHEMA, "--data", data, "cambodia", "japan", "--avoid", "forum,src-forum",
                    "--directed")
            self.assertEqual(r.returncode, 1)
            self.assertIn("(filters: --directed, --avoid forum,src-forum)", r.stderr)
            r = run("path", "--schema", SCHEMA, "--data", data, "cambodia", "japan")
            self.assertEqual(r.returncode, 0, r.stderr)  # the same pair is linked without the filters

    def test_unknown_and_ambiguous_actors(self):
        r = run("path", "laoss", "japan", cwd=ROOT)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "error: unknown actor 'laoss' (did you mean 'laos'?)\n")
        with tempfile.TemporaryDirectory() as tmp:
            good_data_with(tmp, "twin.yaml",
                           "source: src-forum\nentities:\n"
                           "  - {id: kh-mpt-2, type: government_body, name: Ministry of Post and Telecommunications}\n"
                           "relations:\n"
                           "  - {from: kh-mpt-2, type: part_of, to: cambodia, evidence: x}\n")
            r = run("path", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"),
                    "ministry of post and telecommunications", "japan")
        self.assertEqual(r.returncode, 1)
        self.assertIn("error: 'ministry of post and telecommunications' is ambiguous: 2 actors have this name; "
                      "use an id:\n"
                      "  kh-mpt  (Ministry of Post and Telecommunications, Government body)\n"
                      "  kh-mpt-2  (Ministry of Post and Telecommunications, Government body)\n", r.stderr)

    def test_actors_by_words_of_their_name_and_without_accents(self):
        with tempfile.TemporaryDirectory() as tmp:
            good_data_with(tmp, "more.yaml",
                           "source: src-forum\nentities:\n"
                           "  - {id: to-lam, type: person, name: T\u00f4 L\u00e2m}\n"
                           "  - {id: kh-mpt-2, type: government_body, name: Ministry of Posts of Somewhere}\n"
                           "relations:\n"
                           "  - {from: to-lam, type: represents, to: cambodia, evidence: x}\n"
                           "  - {from: kh-mpt-2, type: part_of, to: cambodia, evidence: x}\n")
            data = ["--schema", SCHEMA, "--data", os.path.join(tmp, "data")]
            # Case and accents do not matter.
            r = run("path", *data, "TO LAM", "cambodia", "-f", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["from"], "to-lam")
            # A word of a name picks the one actor that has it...
            r = run("path", *data, "lam", "cambodia", "-f", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["from"], "to-lam")
            # ... and beginnings of words list the candidates when several do.
            r = run("path", *data, "Ministry of Post", "cambodia")
            self.assertEqual(r.returncode, 1)
            self.assertIn("error: 'Ministry of Post' is ambiguous: 2 actors have these words in their names; use an id:\n"
                          "  kh-mpt  (Ministry of Post and Telecommunications, Government body)\n"
                          "  kh-mpt-2  (Ministry of Posts of Somewhere, Government body)\n", r.stderr)

    def test_bad_flags_exit_2(self):
        self.assertEqual(run("path", "laos", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--relations", "atended", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--all", "--k", "3", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--as-of", "yesterday", cwd=ROOT).returncode, 2)
        self.assertEqual(run("path", "laos", "japan", "--format", "csv", cwd=ROOT).returncode, 2)
        self.assertEqual(run("stats", "--format", "svg", cwd=ROOT).returncode, 2)

    def test_path_drawn_as_svg(self):
        with tempfile.TemporaryDirectory() as out:
            svg = os.path.join(out, "path.svg")
            r = run("path", "lao-cert", "shinzo-abe", "--format", "svg", "-o", svg, cwd=ROOT)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(xmllint_ok(svg))
            texts = [t.text for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
            self.assertIn("1. part of", texts)
            self.assertIn("4. holds position at", texts)
            self.assertIn("Shinzo Abe", texts)


class ClaimsAndTimeTest(unittest.TestCase):
    """--stated-only, --as-of (valid at) and --reported-by (known by)."""

    FACTS = """entities:
  - {id: s-old, type: source, name: Old article, date: 2016-10, file: old.txt}
  - {id: s-new, type: source, name: New article, date: 2024-05, file: new.txt}
  - {id: s-undated, type: source, name: Undated article, file: undated.txt}
  - {id: aa, type: country, name: Aland}
  - {id: bb, type: country, name: Borduria}
  - {id: cc, type: country, name: Carpania}
  - {id: dd, type: country, name: Dorne}
  - {id: ee, type: event, name: Summit, date: 2016-09-20}
relations:
  - {from: aa, type: cooperates_with, to: bb, source: s-new, evidence: Aland and Borduria cooperate}
  - {from: bb, type: cooperates_with, to: cc, source: s-old, basis: implied, evidence: Borduria with Carpania}
  - {from: aa, type: cooperates_with, to: cc, source: s-old, start: 2020, evidence: Aland and Carpania since 2020}
  - {from: cc, type: cooperates_with, to: dd, source: s-undated, evidence: Carpania and Dorne}
  - {from: dd, type: attended, to: ee, source: s-old, evidence: Dorne attended the Summit}
"""

    def path(self, *args):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "facts.yaml"), "w") as f:
                f.write(self.FACTS)
            r = run("path", "--schema", SCHEMA, "--data", tmp, *args, "-f", "json")
        if r.returncode != 0:
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("error: no path", r.stderr)
            return None
        return [h["cites"] for h in json.loads(r.stdout)["paths"][0]["hops"]]

    def test_stated_only_leaves_out_implied_relations(self):
        self.assertEqual(self.path("bb", "cc"), ["s-old"])
        self.assertEqual(self.path("bb", "cc", "--stated-only"), ["s-new", "s-old"])
        self.assertIsNone(self.path("bb", "cc", "--stated-only", "--as-of", "2016-10"))

    def run_on_facts(self, *args):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "facts.yaml"), "w") as f:
                f.write(self.FACTS)
            r = run(*args, "--schema", SCHEMA, "--data", tmp, "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_every_query_leaves_out_implied_relations(self):
        # Borduria–Carpania is implied.
        ids = lambda nodes: sorted(n["id"] for n in nodes)
        self.assertEqual(ids(self.run_on_facts("neighbors", "bb")["nodes"]), ["aa", "bb", "cc"])
        self.assertEqual(ids(self.run_on_facts("neighbors", "bb", "--stated-only")["nodes"]), ["aa", "bb"])
        self.assertEqual(ids(self.run_on_facts("common", "aa", "cc")["common"]), ["bb"])
        self.assertEqual(self.run_on_facts("common", "aa", "cc", "--stated-only")["common"], [])
        every, stated = self.run_on_facts("stats"), self.run_on_facts("stats", "--stated-only")
        self.assertEqual(stated["relations"], every["relations"] - 1)
        self.assertEqual(stated["relation_types"]["cooperates_with"], every["relation_types"]["cooperates_with"] - 1)
        # stats takes the time questions too: nothing was reported by 2016-09.
        self.assertEqual(self.run_on_facts("stats", "--reported-by", "2016-09")["relations"], 0)

    def test_as_of_judges_relations_by_their_own_dates(self):
        # The direct link starts in 2020.
        self.assertEqual(self.path("aa", "cc"), ["s-old"])
        self.assertEqual(self.path("aa", "cc", "--as-of", "2021"), ["s-old"])
        self.assertEqual(self.path("aa", "cc", "--as-of", "2024-06"), ["s-old"])
        # A relation without dates of its own holds from its source's date
        # on: in October 2016 the link Aland–Borduria, first reported in
        # 2024, does not count, and no way remains.
        self.assertIsNone(self.path("aa", "cc", "--as-of", "2016-10"))
        self.assertEqual(self.path("bb", "cc", "--as-of", "2016-10"), ["s-old"])
        self.assertIsNone(self.path("bb", "cc", "--as-of", "2016-09"))
        # One that links a dated actor follows that actor's dates, not its
        # source's: the Summit of 20 September, reported in October.
        self.assertEqual(self.path("dd", "ee", "--as-of", "2016-09-20"), ["s-old"])
        self.assertIsNone(self.path("dd", "ee", "--as-of", "2016-09-19"))
        # No date anywhere: it counts at every date.
        self.assertEqual(self.path("cc", "dd", "--as-of", "1990"), ["s-undated"])

    def test_reported_by_keeps_what_dated_sources_had_reported(self):
        self.assertEqual(self.path("aa", "cc", "--reported-by", "2016-10"), ["s-old"])
        # Not the direct link the 2024 article reports: the way round what was known in 2016.
        self.assertEqual(self.path("aa", "bb", "--reported-by", "2016-10"), ["s-old", "s-old"])
        self.assertIsNone(self.path("aa", "bb", "--reported-by", "2016-10", "--stated-only"))
        self.assertEqual(self.path("aa", "bb", "--reported-by", "2024"), ["s-new"])
        self.assertIsNone(self.path("aa", "cc", "--reported-by", "2016-09"))
        # An undated source reported nothing by any date.
        self.assertIsNone(self.path("cc", "dd", "--reported-by", "2030"))
        self.assertEqual(self.path("cc", "dd"), ["s-undated"])
        self.assertEqual(run("path", "laos", "japan", "--reported-by", "soon", cwd=ROOT).returncode, 2)


class MentionsTest(unittest.TestCase):
    """relmap mentions: what a new article names."""

    ARTICLE = ("The Ministry of Post and Telecommunications (MPTC) met jica officials in Phnom Penh.\n"
               "\n"
               "The KINGDOM OF CAMBÔDIA and the Cyber Security Agency of Singapore (CSA) agreed.\n"
               "CSA said so. Recently the CSA and Japan's envoy spoke.\n")

    def mentions(self, *args):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "009_new.txt"), "w") as f:
                f.write(self.ARTICLE)
            return run("mentions", "--schema", SCHEMA, "--data", fixture("good"), "009_new.txt", *args, cwd=tmp)

    def test_known_actors_and_candidates(self):
        r = self.mentions("-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = json.loads(r.stdout)
        # By name or alias, without case or accents, with their lines.
        self.assertEqual([(k["id"], k["lines"]) for k in answer["known"]],
                         [("kh-mpt", [1]), ("jica", [1]), ("cambodia", [3]), ("japan", [4])])
        candidates = [(c["text"], c["count"]) for c in answer["candidates"]]
        self.assertEqual(candidates[0], ("CSA", 3))
        self.assertIn(("Phnom Penh", 1), candidates)
        self.assertIn(("Cyber Security Agency of Singapore", 1), candidates)
        self.assertNotIn("The", [c for c, _ in candidates])
        self.assertIn('file: "009_new.txt"', answer["skeleton"])
        self.assertIn("source: src-009", answer["skeleton"])
        self.assertEqual(self.mentions("-f", "json").stdout, r.stdout)  # the same every time

    def test_names_split_at_people_and_sentences_to_quote(self):
        with tempfile.TemporaryDirectory() as tmp:
            good_data_with(tmp, "people.yaml",
                           "source: src-forum\nentities:\n"
                           "  - {id: sok-dara, type: person, name: Sok Dara}\n"
                           "relations:\n"
                           "  - {from: sok-dara, type: holds_position, to: kh-mpt, role: Minister, "
                           "evidence: Minister Sok Dara}\n")
            article = os.path.join(tmp, "010_next.txt")
            with open(article, "w") as f:
                f.write("Minister of Post and Telecommunications Sok Dara met Japan\u2019s envoy, "
                        "said \u201cCambodia,\u201d in Phnom Penh. Mr. Sok Dara thanked JICA. It rained.\n")
            r = run("mentions", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"), article, "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = json.loads(r.stdout)
        # A known person's name is not part of the name before it, and
        # quotes around a name are not part of it.
        self.assertEqual([c["text"] for c in answer["candidates"]],
                         ["Minister of Post and Telecommunications", "Phnom Penh"])
        # Each sentence that names two known actors, verbatim, ready to cut down.
        first = ("Minister of Post and Telecommunications Sok Dara met Japan\u2019s envoy, "
                 "said \u201cCambodia,\u201d in Phnom Penh.")
        self.assertEqual(answer["passages"], [
            {"line": 1, "text": first, "actors": ["sok-dara", "japan", "cambodia"]},
            {"line": 1, "text": "Mr. Sok Dara thanked JICA.", "actors": ["sok-dara", "jica"]}])
        self.assertIn('  # - {from: sok-dara, type: RELATION, to: jica, evidence: "Mr. Sok Dara thanked JICA."}\n',
                      answer["skeleton"])

    def test_text_and_errors(self):
        r = self.mentions()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Known actors named in 009_new.txt (4):", r.stdout)
        self.assertIn("  3x  CSA  (line 3)", r.stdout)
        r = run("mentions", "--schema", SCHEMA, "--data", fixture("good"), "/nonexistent/article.txt")
        self.assertEqual(r.returncode, 1)
        self.assertIn("error: cannot read /nonexistent/article.txt", r.stderr)

    # Two countries with the words for their people, beside the good fixture.
    COUNTRIES = ("source: src-forum\nentities:\n"
                 "  - {id: philippines, type: country, name: Philippines, demonyms: [Philippine, Filipino, Filipinos]}\n"
                 "  - {id: vietnam, type: country, name: Vietnam, demonyms: [Vietnamese]}\n"
                 "relations:\n"
                 "  - {from: philippines, type: cooperates_with, to: vietnam, evidence: Philippines and Vietnam}\n")

    def mentions_of(self, text, *args):
        """relmap mentions of `text` as ../articles/011_more.txt, from tmp/data."""
        with tempfile.TemporaryDirectory() as tmp:
            good_data_with(tmp, "countries.yaml", self.COUNTRIES)
            os.mkdir(os.path.join(tmp, "articles"))
            with open(os.path.join(tmp, "articles", "011_more.txt"), "w") as f:
                f.write(text)
            return run("mentions", "--schema", SCHEMA, "--data", "data", "articles/011_more.txt", *args, cwd=tmp)

    def test_adjacent_names_are_told_apart(self):
        r = self.mentions_of("In Manila, Philippines Takema Sakamoto met President Ferdinand Marcos Jr on Monday.\n"
                             "Deputy Minister Tran Van Ba and Vietnam agreed.\n", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = json.loads(r.stdout)
        self.assertEqual([c["text"] for c in answer["candidates"]],
                         ["Manila", "Takema Sakamoto", "Ferdinand Marcos Jr", "Tran Van Ba"])
        self.assertEqual([(k["id"], k["lines"]) for k in answer["known"]], [("philippines", [1]), ("vietnam", [2])])

    def test_demonyms_name_their_country(self):
        r = self.mentions_of("Filipinos and Japanese experts met. The Philippine delegation thanked JICA.\n"
                             "Vietnamese officials came.\n", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = json.loads(r.stdout)
        self.assertEqual([(k["id"], k["lines"]) for k in answer["known"]],
                         [("philippines", [1]), ("jica", [1]), ("vietnam", [2])])
        # Japan has no demonyms in these facts: "Japanese" is a name no actor has.
        self.assertEqual([c["text"] for c in answer["candidates"]], ["Japanese"])
        self.assertEqual(answer["passages"], [{"line": 1, "text": "The Philippine delegation thanked JICA.",
                                               "actors": ["philippines", "jica"]}])

    def test_a_country_inside_an_organisations_name_is_not_a_mention(self):
        r = self.mentions_of("The Vietnam National Cyber Security Centre met the Japan Cybersecurity Agency.\n"
                             "Vietnam thanked the Japan International Cooperation Agency.\n", "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = json.loads(r.stdout)
        self.assertEqual([c["text"] for c in answer["candidates"]],
                         ["Vietnam National Cyber Security Centre", "Japan Cybersecurity Agency"])
        # Line 2 names Vietnam and JICA (whose name holds Japan's): one passage, no Japan.
        self.assertEqual([(k["id"], k["lines"]) for k in answer["known"]], [("vietnam", [2]), ("jica", [2])])
        self.assertEqual([p["actors"] for p in answer["passages"]], [["vietnam", "jica"]])

    def test_the_facts_file_starts_as_data_readme_requires(self):
        r = self.mentions_of("Vietnam and the Philippines met.\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        skeleton = r.stdout.split("A facts file to fill:\n\n", 1)[1]
        self.assertTrue(skeleton.startswith("# articles/011_more.txt\n"), skeleton)
        self.assertIn('    file: "011_more.txt"\n', skeleton)
        self.assertIn("  # - {from: ID, type: reported_by, to: src-011, evidence: \"WORDS THAT NAME IT\"}\n", skeleton)

    def test_invisible_characters_are_shown_and_matched_across(self):
        article = ("Ja\u200bpan met Viet\ufeffnam and \u202eNOSREP\u202c Sok\u200b Dara.\n"
                   "\u2066Philippines\u2069 and Vietnam met.\n")
        r = self.mentions_of(article)
        self.assertEqual(r.returncode, 0, r.stderr)
        for c in ["\u200b", "\u202e", "\u202c", "\u2066", "\u2069", "\ufeff"]:
            self.assertNotIn(c, r.stdout)
        self.assertIn("  japan  Japan (Country)  line 1\n", r.stdout)
        self.assertIn("  vietnam  Vietnam (Country)  lines 1, 2\n", r.stdout)
        self.assertIn("  philippines  Philippines (Country)  line 2\n", r.stdout)
        self.assertIn("  1x  \\u{202E}NOSREP\\u{202C} Sok\\u{200B} Dara  (line 1)\n", r.stdout)
        self.assertIn('# - {id: ID, type: TYPE, name: "\\u202ENOSREP\\u202C Sok\\u200B Dara"}', r.stdout)
        self.assertIn('evidence: "Ja\\u200Bpan met Viet\\uFEFFnam and', r.stdout)

    def test_a_long_line_is_read_in_linear_time(self):
        import time
        sentence = "Philippines Takema Sakamoto met Vietnam in Manila City Hall, and Ja\u200bpan agreed. "
        with tempfile.TemporaryDirectory() as tmp:
            good_data_with(tmp, "countries.yaml", self.COUNTRIES)
            article = os.path.join(tmp, "012_long.txt")
            with open(article, "w") as f:
                f.write(sentence * (1_000_000 // len(sentence)) + "?!." * 100_000 + "\n")
            start = time.monotonic()
            r = run("mentions", "--schema", SCHEMA, "--data", os.path.join(tmp, "data"), article, "-f", "json")
            elapsed = time.monotonic() - start
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["known"][0]["id"], "philippines")
        self.assertLess(elapsed, 5.0)


class ProgressTest(unittest.TestCase):
    def test_progress_only_on_a_terminal(self):
        with tempfile.TemporaryDirectory() as out:
            # Piped: stderr stays empty.
            r = run("report", "--schema", SCHEMA, "--data", fixture("good"), "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")
            # On a terminal: the maps being drawn are shown on stderr.
            code, seen, _ = run_on_terminal(["report", "--schema", SCHEMA, "--data", fixture("good"), "--out", out])
            self.assertEqual(code, 0)
        self.assertIn(b"[1/2] drawing relmap", seen)
        self.assertIn(b"[2/2] drawing maps/source-src-forum", seen)


class ReadmeTest(unittest.TestCase):
    def test_readme_shows_real_output(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        r = run("path", "Lao CERT", "Shinzo Abe", cwd=ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('$ build/relmap path "Lao CERT" "Shinzo Abe"\n' + r.stdout, readme)
        self.assertIn("![", readme)
        image = readme.split("](", 1)[1].split(")", 1)[0]
        self.assertTrue(os.path.isfile(os.path.join(ROOT, image)), image)


class LongRenderProgressTest(unittest.TestCase):
    def test_a_long_layout_shows_its_time_on_a_terminal_only(self):
        import random
        rng = random.Random(5)
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "big.yaml")
            with open(data, "w") as f:
                f.write("source: src\nentities:\n  - {id: src, type: source, name: S, file: s.txt}\n")
                f.writelines(f"  - {{id: c{i}, type: country, name: C {i}}}\n" for i in range(4000))
                f.write("relations:\n")
                for j in range(16000):
                    a, b = rng.randrange(4000), rng.randrange(4000)
                    f.write(f"  - {{from: c{a}, type: cooperates_with, to: c{(b + 1) % 4000 if a == b else b}, "
                            f"evidence: e{j}}}\n")
            args = [RELMAP, "render", "--schema", SCHEMA, "--data", data, "-o", os.path.join(tmp, "big.svg")]
            piped = subprocess.run(args, capture_output=True, text=True, timeout=300)
            self.assertEqual(piped.returncode, 0, piped.stderr)
            self.assertNotIn("drawing", piped.stderr)
            code, seen, _ = run_on_terminal(args[1:], timeout=300)
            self.assertEqual(code, 0)
        self.assertIn(b"[1/1] drawing relmap (1 s)", seen)
