"""The snapshot in relmap's cache: answers from it are the answers from the YAML,
and any change to the inputs, or any damage to it, is noticed."""

import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import relmap_run
from relmap_run import RELMAP
HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = relmap_run.GENERATOR


def run(cwd, *args):
    return relmap_run.run(*args, cwd=cwd)


class SnapshotTest(unittest.TestCase):
    """A generated project of 3,000 relations, queried with a snapshot and without."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="relmap-snapshot-")
        cls.corpus = os.path.join(cls.tmp, "corpus")
        subprocess.run([sys.executable, GENERATOR, cls.corpus, "--relations", "3000", "--seed", "7"],
                       check=True, capture_output=True)
        with open(os.path.join(cls.corpus, "bench.json")) as f:
            queries = json.load(f)["queries"]
        a, b = queries["periphery_periphery"]["from"], queries["periphery_periphery"]["to"]
        cls.questions = [
            ("path", a, b), ("path", "--all", a, b), ("path", "--k", "3", a, b), ("path", "--weighted", a, b),
            ("path", queries["hub"], b), ("neighbors", queries["ego"]["id"], "--depth", "2"), ("stats",),
            ("export", "--format", "json"),
        ]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.project = os.path.join(self.tmp, self.id().rsplit(".", 1)[-1])
        shutil.copytree(self.corpus, self.project)
        self.addCleanup(shutil.rmtree, self.project, True)

    def snapshot(self):
        found = glob.glob(os.path.join(self.project, ".relmap-cache", "*", "graph.snap"))
        self.assertEqual(len(found), 1, found)
        return found[0]

    def answers(self, cold):
        """Every question's exit code, output and messages; cold: with the cache removed first."""
        out = []
        for q in self.questions:
            if cold:
                shutil.rmtree(os.path.join(self.project, ".relmap-cache"), ignore_errors=True)
            args = [*q, "--format", "json"] if q[0] != "export" else list(q)
            r = run(self.project, *args)
            self.assertNotIn("Traceback", r.stderr)
            self.assertLess(r.returncode, 2, r.stderr)  # an answer or a data error, never a crash
            out.append((q, r.returncode, r.stdout, r.stderr))
        return out

    def assert_same_as_cold(self):
        """Answers through the cache equal answers read from the YAML alone."""
        warm = self.answers(cold=False)
        cold = self.answers(cold=True)
        for w, c in zip(warm, cold):
            self.assertEqual(w, c, w[0])
        return cold

    def validate(self):
        r = run(self.project, "validate")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_answers_from_the_snapshot_equal_answers_from_the_yaml(self):
        self.validate()
        before = os.stat(self.snapshot())
        warm = self.answers(cold=False)
        after = os.stat(self.snapshot())
        # The snapshot was fresh: used as it was, not written again.
        self.assertEqual((before.st_ino, before.st_mtime_ns), (after.st_ino, after.st_mtime_ns))
        cold = self.answers(cold=True)
        self.assertEqual(warm, cold)
        for q, code, stdout, _ in warm:
            self.assertEqual(code, 0, q)
            json.loads(stdout)

    def article(self, n=3):
        return sorted(glob.glob(os.path.join(self.project, "data", "articles", "*.yaml")))[n]

    def changed_answers(self, change):
        """Validate, change the inputs, and return the answers before and after (the latter
        checked equal with and without the cache)."""
        self.validate()
        before = self.answers(cold=False)
        change()
        after = self.assert_same_as_cold()
        return before, after

    def test_edit_in_place_with_the_same_size_and_modification_time(self):
        path = self.article()

        def edit():
            st = os.stat(path)
            with open(path) as f:
                text = f.read()
            start = text.index("evidence: ") + len("evidence: ") + 1
            # One letter of the first quote swapped for another, in place.
            i = next(i for i in range(start, len(text)) if text[i].isalpha() and text[i].isascii())
            text = text[:i] + ("x" if text[i] != "x" else "y") + text[i + 1:]
            with open(path, "r+") as f:
                f.write(text)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
            self.assertEqual((os.stat(path).st_size, os.stat(path).st_mtime_ns), (st.st_size, st.st_mtime_ns))

        before, after = self.changed_answers(edit)
        self.assertNotEqual(before[-1][2], after[-1][2])  # the export shows the new quote

    def test_added_file(self):
        def add():
            with open(os.path.join(self.project, "data", "articles", "zz-added.yaml"), "w") as f:
                f.write("source: zz-src\nentities:\n"
                        "  - {id: zz-src, type: source, name: Added article, file: zz.txt, date: 2024-01-02}\n"
                        "  - {id: zz-meeting, type: event, name: Added meeting, date: 2024-01-02}\n")

        before, after = self.changed_answers(add)
        self.assertNotEqual(before[-2][2], after[-2][2])  # stats count the new actors
        self.assertIn("Added meeting", after[-1][2])

    def test_deleted_file(self):
        before, after = self.changed_answers(lambda: os.remove(self.article()))
        self.assertNotEqual(before[-1][2], after[-1][2])

    def test_renamed_file(self):
        # A file with a warning, which names the file it is in.
        articles = os.path.join(self.project, "data", "articles")
        with open(os.path.join(articles, "aa-lonely.yaml"), "w") as f:
            f.write("entities:\n  - {id: zz-lonely, type: event, name: Lonely meeting, date: 2024-01-02}\n")
        r = run(self.project, "validate")
        self.assertIn("aa-lonely.yaml:2:10: warning: 'zz-lonely' is not linked to anything", r.stderr)
        self.changed_answers(lambda: os.rename(os.path.join(articles, "aa-lonely.yaml"),
                                               os.path.join(articles, "zz-lonely.yaml")))
        r = run(self.project, "validate")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("zz-lonely.yaml:2:10: warning: 'zz-lonely' is not linked to anything", r.stderr)
        self.assertNotIn("aa-lonely", r.stderr)

    def test_schema_change(self):
        schema = os.path.join(self.project, "graph-schema.yaml")

        def change():
            with open(schema) as f:
                text = f.read()
            self.assertIn("label: cooperates with", text)
            with open(schema, "w") as f:
                f.write(text.replace("label: cooperates with", "label: works with"))

        before, after = self.changed_answers(change)
        self.assertNotEqual(before[-1][2], after[-1][2])
        self.assertIn("works with", after[-1][2])

    def compiled(self):
        """How often the snapshot's stamps were brought up to date since it was compiled (read from
        the manifest recorded beside it for it, else from its own), and its bytes after the
        manifest: the compiled graph."""
        with open(self.snapshot(), "rb") as f:
            snapshot = f.read()
        identity, = struct.unpack_from("<Q", snapshot, 32)  # past magic, version, endian, size, sections
        table = 40  # then the section table
        manifest, = struct.unpack_from("<Q", snapshot, table + 24)  # the section table's second entry
        graph, = struct.unpack_from("<Q", snapshot, table + 48)  # its third, the strings: the graph
        b = snapshot
        restamped = self.snapshot() + ".stamps"
        if os.path.exists(restamped):
            with open(restamped, "rb") as f:
                b = f.read()
            self.assertEqual(b[:8], b"RMSTAMPS")
            self.assertEqual(struct.unpack_from("<QQ", b, 16), (identity, len(snapshot)), "for this snapshot")
            manifest = 32  # past its magic, version, and the snapshot's identity and size
        at = manifest + 8  # past the program's identity
        n, = struct.unpack_from("<I", b, at)
        at += 4 + n + 32  # the schema's path, stamp and content hash
        n, = struct.unpack_from("<I", b, at)
        at += 4 + n  # the data path
        restamps, = struct.unpack_from("<I", b, at)
        return restamps, snapshot[graph:]

    def validated_article(self):
        """An article's path and text, validated as it is, and the graph compiled from it."""
        path = self.article()
        with open(path) as f:
            original = f.read()
        self.validate()
        _, graph = self.compiled()
        return path, original, graph

    def validation(self):
        r = run(self.project, "validate")
        return r.returncode, r.stdout, r.stderr

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def test_edits_that_change_no_fact_keep_the_snapshot(self):
        path = self.article()
        with open(path) as f:
            original = f.read()
        self.assertTrue(original.startswith("# "), original[:80])
        name = original.index("\n", original.index("    name: "))

        def touch():
            st = os.stat(path)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))

        edits = [
            ("a comment's words", lambda: self.write(path, "# other words" + original[original.index("\n"):])),
            ("a comment appended", lambda: self.write(path, original + "# a comment\n")),
            ("a trailing space", lambda: self.write(path, original[:name] + "  " + original[name:])),
            ("touched", touch),
        ]
        self.validate()
        restamps, graph = self.compiled()
        self.assertEqual(restamps, 0)
        for what, edit in edits:
            with self.subTest(what):
                edit()
                inode = os.stat(self.snapshot()).st_ino
                kept = self.validation()
                self.assertEqual(kept[0], 0, kept[2])
                self.assertEqual(os.stat(self.snapshot()).st_ino, inode, "the snapshot itself is not written")
                # Kept, not compiled again: the same graph, its stamps brought up to date.
                self.assertEqual(self.compiled(), (restamps + 1, graph))
                warm = self.answers(cold=False)
                self.assertEqual(self.compiled(), (restamps + 1, graph))  # fresh now
                shutil.rmtree(os.path.join(self.project, ".relmap-cache"))
                self.assertEqual(self.validation(), kept)
                self.assertEqual(self.compiled(), (0, graph))
                self.assertEqual(self.answers(cold=True), warm)
                restamps = 0

    def test_edits_that_change_what_the_snapshot_holds_compile_it_again(self):
        path, original, graph = self.validated_article()
        # A line added at the top: every position in the file moves.
        self.write(path, "# a new first line\n" + original)
        self.validate()
        restamps, shifted = self.compiled()
        self.assertEqual(restamps, 0)
        self.assertNotEqual(shifted, graph)
        self.assert_same_as_cold()
        self.write(path, original)
        self.validate()
        self.assertEqual(self.compiled()[0], 0)
        self.assert_same_as_cold()
        self.assertEqual(self.compiled(), (0, graph))
        # A quote changed in place and a comment added: the new quote is seen.
        at = original.index("evidence: ") + len("evidence: ") + 1
        i = next(i for i in range(at, len(original)) if original[i].isalpha() and original[i].isascii())
        quote = original[:i] + ("x" if original[i] != "x" else "y") + original[i + 1:] + "# a comment\n"
        self.write(path, quote)
        self.validate()
        restamps, changed = self.compiled()
        self.assertEqual(restamps, 0)
        self.assertNotEqual(changed, graph)
        after = self.assert_same_as_cold()
        start, end = i, i
        while quote[start - 1].isalpha():
            start -= 1
        while quote[end].isalpha():
            end += 1
        self.assertIn(quote[start:end], after[-1][2])  # the export holds the changed word

    def test_kept_stamps_add_up_then_give_way_to_a_compiled_snapshot(self):
        path, original, graph = self.validated_article()
        restamped = self.snapshot() + ".stamps"
        for n, words in enumerate(["one", "two", "three"], start=1):
            self.write(path, "# words " + words + original[original.index("\n"):])
            self.validate()
            self.assertEqual(self.compiled(), (n, graph))
        self.assertTrue(os.path.exists(restamped))
        warm = self.answers(cold=False)
        self.assertEqual(self.compiled(), (3, graph))  # every question found it fresh
        # Damaged, the record beside the snapshot is not trusted: the
        # snapshot's own manifest no longer matches, and it is kept again.
        with open(restamped, "r+b") as f:
            f.seek(40)
            byte = f.read(1)
            f.seek(40)
            f.write(bytes([byte[0] ^ 0x20]))
        self.validate()
        self.assertEqual(self.compiled(), (1, graph))
        # A fact changed: compiled again, and the record of the old snapshot goes.
        self.write(path, "# a new first line\n" + original)
        self.validate()
        self.assertFalse(os.path.exists(restamped))
        self.assertEqual(self.compiled()[0], 0)
        self.write(path, original)
        self.validate()
        self.assertEqual(self.compiled()[0], 0)
        self.assertEqual(self.answers(cold=False), warm)
        self.assertEqual(self.answers(cold=True), warm)

    def parse_cache(self):
        """The parse cache's files with their modification times: a patched snapshot leaves
        them as they were, a compiled one reads and adds to them."""
        found = glob.glob(os.path.join(self.project, ".relmap-cache", "*", "facts.cache*"))
        return {p: os.stat(p).st_mtime_ns for p in found}

    def assert_patched(self, what):
        """Validate after relations alone changed: the snapshot is patched, not compiled (the
        parse cache is not even opened), and validation and every answer are those of a cold run."""
        cache, inode = self.parse_cache(), os.stat(self.snapshot()).st_ino
        patched = self.validation()
        self.assertEqual(self.parse_cache(), cache, what + ": patched, not compiled again")
        self.assertNotEqual(os.stat(self.snapshot()).st_ino, inode, what + ": a new snapshot")
        self.assertEqual(self.compiled()[0], 0)
        warm = self.answers(cold=False)
        shutil.rmtree(os.path.join(self.project, ".relmap-cache"))
        self.assertEqual(self.validation(), patched, what)
        self.assertEqual(self.answers(cold=False), warm, what)
        return patched

    def assert_compiled_as_cold(self, what):
        """Validate after a change a patch cannot answer: compiled again, as a cold run is."""
        cache = self.parse_cache()
        warm = self.validation()
        self.assertNotEqual(self.parse_cache(), cache, what + ": compiled again")
        answers = self.answers(cold=False)
        shutil.rmtree(os.path.join(self.project, ".relmap-cache"))
        self.assertEqual(self.validation(), warm, what)
        self.assertEqual(self.answers(cold=False), answers, what)
        return warm

    def test_relations_changed_alone_patch_the_snapshot(self):
        path, original, graph = self.validated_article()
        other = self.article(5)
        with open(other) as f:
            other_original = f.read()
        start = original.index("\nrelations:\n") + len("\nrelations:\n")
        first = original[start:original.index("\n", start) + 1]
        self.assertIn(', evidence: "', first)
        requoted = first.replace(', evidence: "', ', evidence: "Again, ', 1)
        implied = first.replace(', evidence: "', ', basis: implied, evidence: "', 1)
        edits = [
            ("a quote changed", path, original.replace(first, requoted, 1)),
            ("a relation added", path, original.replace(first, requoted, 1) + first.replace("Again", "Once more")),
            ("a relation removed", path, original.replace(first, requoted, 1)),
            ("a relation implied", path, original.replace(first, implied, 1)),
            ("another article's quote", other, other_original.replace(', evidence: "', ', evidence: "So, ', 1)),
            ("as they were", path, original),
        ]
        for what, where, text in edits:
            with self.subTest(what):
                self.write(where, text)
                code, _, stderr = self.assert_patched(what)
                self.assertEqual(code, 0, stderr)
        exported = json.loads(self.answers(cold=False)[-1][2])
        self.assertIn("So, ", json.dumps(exported))
        self.assertNotIn("Again, ", json.dumps(exported))
        # Two articles' relations changed at once, a relation added to each.
        self.write(path, original.replace(first, requoted, 1) + first.replace("Again", "Twice"))
        self.write(other, other_original + other_original[other_original.index("  - {from: "):].split("\n")[0]
                   .replace(', evidence: "', ', evidence: "Thrice, ', 1) + "\n")
        code, _, stderr = self.assert_patched("two articles at once")
        self.assertEqual(code, 0, stderr)

    def copied_article(self, path, text, suffix="-copy"):
        """The article's text with its own actors' ids (and its source's) given `suffix`."""
        own = re.findall(r"^  - id: (\S+)$", text, re.M)
        self.assertTrue(own)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in own) + r")(?![\w-])")
        return pattern.sub(lambda m: m.group(1) + suffix, text)

    def test_articles_added_removed_and_actors_changed_patch_the_snapshot(self):
        path, original, graph = self.validated_article()
        copy = path[:-len(".yaml")] + "-copy.yaml"  # sorted right after it: the files after move up
        name = original.index("    name: ", original.index("\n  - id: ", original.index("\n  - id: ") + 1))
        alias = original.index("\n", name)
        last = os.path.join(self.project, "data", "zz", "last.yaml")  # sorted after every other
        os.makedirs(os.path.dirname(last))
        relation = original[original.index("\n  - {from: ", original.index("\nrelations:\n")) + 1:]
        relation = relation[:relation.index("\n") + 1]
        edits = [
            ("a file of one relation added last", last, "source: " + re.search(r"^source: (\S+)$", original, re.M)[1]
             + "\nrelations:\n" + relation),
            ("that file removed", last, None),
            ("an article added", copy, self.copied_article(path, original)),
            ("an actor renamed", path, original[:name + 10] + "Renamed " + original[name + 10:]),
            ("an alias given", path, original[:alias] + "\n    aliases: [Another Name]" + original[alias:]),
            ("an article removed", copy, None),
            ("as it was", path, original),
        ]
        for what, where, text in edits:
            with self.subTest(what):
                if text is None:
                    os.remove(where)
                else:
                    self.write(where, text)
                code, _, stderr = self.assert_patched(what)
                self.assertEqual(code, 0, stderr)

    def test_what_a_patch_cannot_answer_is_compiled(self):
        path, original, graph = self.validated_article()
        start = original.index("\nrelations:\n") + len("\nrelations:\n")
        first = original[start:original.index("\n", start) + 1]
        to = first[first.index(" to: ") + 5:first.index(",", first.index(" to: "))]
        # An unknown id: the errors of a cold run, and no snapshot patched.
        self.write(path, original.replace(first, first.replace(" to: " + to + ",", " to: " + to + "-x,", 1), 1))
        code, _, stderr = self.assert_compiled_as_cold("an unknown id")
        self.assertEqual(code, 1)
        self.assertIn("unknown id '" + to + "-x'", stderr)
        self.write(path, original)
        self.validate()
        # A country renamed that articles elsewhere quote: their quotes are checked again.
        countries = os.path.join(self.project, "data", "common", "countries.yaml")
        with open(countries) as f:
            listed = f.read()
        self.assertIn("{id: saesh, type: country, name: Saesh,", listed)
        self.write(countries, listed.replace("name: Saesh,", "name: Saesh Renamed,"))
        self.assertEqual(self.assert_compiled_as_cold("a country renamed")[0], 0)
        # A country removed that articles elsewhere link: their errors.
        self.write(countries, listed.replace("{id: saesh, type: country, name: Saesh,", "{id: saesh-gone, type: country, name: Saesh,"))
        code, _, stderr = self.assert_compiled_as_cold("a country removed")
        self.assertEqual(code, 1)
        self.assertIn("unknown id 'saesh'", stderr)
        # An actor given an id another file gives.
        self.write(countries, listed)
        self.validate()
        self.write(path, original.replace("\nrelations:\n", "\n  - {id: saesh, type: country, name: Saesh}\n\nrelations:\n", 1))
        code, _, stderr = self.assert_compiled_as_cold("an id given twice")
        self.assertEqual(code, 1)
        self.assertIn("duplicate id 'saesh'", stderr)

    def test_an_actor_elsewhere_linked_then_unlinked(self):
        path, original, graph = self.validated_article()
        other = self.article(5)
        with open(other) as f:
            other_original = f.read()
        lonely = "  - id: lonely-agency\n    type: government_body\n    name: Lonely Agency\n\nrelations:\n"
        self.write(other, other_original.replace("\nrelations:\n", "\n" + lonely, 1))
        code, _, stderr = self.assert_patched("an actor added")
        self.assertIn("'lonely-agency' is not linked to anything", stderr)
        link = '  - {from: lonely-agency, type: cooperates_with, to: saesh, evidence: "Lonely Agency"}\n'
        # Linked from this article: the warning in the other goes, by a patch.
        self.write(path, original + link)
        code, _, stderr = self.assert_patched("linked")
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("lonely-agency' is not linked", stderr)
        # Unlinked again: whether anything else refers to it takes the whole project.
        self.write(path, original)
        code, _, stderr = self.assert_compiled_as_cold("unlinked")
        self.assertIn("'lonely-agency' is not linked to anything", stderr)

    def test_a_reference_broken_elsewhere_then_mended(self):
        countries = os.path.join(self.project, "data", "common", "countries.yaml")
        with open(countries) as f:
            original = f.read()
        self.assertIn("{id: saesh,", original)
        self.validate()
        _, graph = self.compiled()
        # Renamed in one file, still named in others: the errors of a cold run.
        self.write(countries, original.replace("{id: saesh,", "{id: saesh-renamed,"))
        broken = self.validation()
        self.assertEqual(broken[0], 1)
        self.assertIn("saesh", broken[2])
        cache = os.path.join(self.project, ".relmap-cache")
        kept = os.path.join(self.tmp, "kept-cache")
        shutil.copytree(cache, kept)
        shutil.rmtree(cache)
        self.assertEqual(self.validation(), broken)
        # Mended: the file is as the snapshot was compiled from, though the
        # parse cache last saw it broken; the snapshot is kept.
        shutil.rmtree(cache)
        shutil.move(kept, cache)
        self.write(countries, original + "# mended\n")
        self.validate()
        self.assertEqual(self.compiled(), (1, graph))
        self.assert_same_as_cold()

    def test_damaged_snapshot_is_never_trusted(self):
        self.validate()
        path = self.snapshot()
        with open(path, "rb") as f:
            good = f.read()
        expected = self.answers(cold=True)
        size = len(good)
        damages = [("header", lambda b: b[:8] + bytes([b[8] ^ 1]) + b[9:]),
                   ("truncated", lambda b: b[:size // 2]),
                   ("empty", lambda b: b"")]
        for at in (size // 5, size // 2, size * 4 // 5, size - 1):
            damages.append((f"byte {at}", lambda b, at=at: b[:at] + bytes([b[at] ^ 0xFF]) + b[at + 1:]))
        for name, damage in damages:
            with self.subTest(name):
                for q, want in zip(self.questions, expected):
                    with open(path, "wb") as f:
                        f.write(damage(good))
                    args = [*q, "--format", "json"] if q[0] != "export" else list(q)
                    r = run(self.project, *args)
                    self.assertEqual(r.returncode, want[1], (q, r.stderr))
                    self.assertEqual(r.stdout, want[2], q)
                # Found out by the questions (each checks the blocks it reads;
                # export reads them all), and rebuilt whole: the same bytes as
                # before the damage.
                self.validate()
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), good)


def build_id_offset(program):
    """(offset, length) of the GNU build-id descriptor in an ELF file, read
    from its PT_NOTE program headers (64-bit little-endian, as built here)."""
    with open(program, "rb") as f:
        elf = f.read()
    assert elf[:4] == b"\x7fELF" and elf[4] == 2 and elf[5] == 1, "a 64-bit little-endian ELF file"
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", elf, phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        at, end = p_offset, p_offset + p_filesz
        while at + 12 <= end:
            namesz, descsz, kind = struct.unpack_from("<III", elf, at)
            name, desc = at + 12, at + 12 + (namesz + 3) // 4 * 4
            if kind == 3 and elf[name:name + namesz] == b"GNU\0":  # NT_GNU_BUILD_ID
                return desc, descsz
            at = desc + (descsz + 3) // 4 * 4
    raise AssertionError(f"{program} has no build id")


class ProgramIdentityTest(unittest.TestCase):
    """The caches belong to the program that made them, whatever its file's
    metadata: a chmod, a second link or a copy keeps them; another build does not."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="relmap-identity-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.project = os.path.join(self.tmp, "corpus")
        subprocess.run([sys.executable, GENERATOR, self.project, "--relations", "300", "--seed", "3"],
                       check=True, capture_output=True)
        with open(os.path.join(self.project, "bench.json")) as f:
            q = json.load(f)["queries"]["periphery_periphery"]
        self.question = ("path", q["from"], q["to"], "--format", "json")
        self.program = os.path.join(self.tmp, "bin", "relmap")
        os.mkdir(os.path.dirname(self.program))
        shutil.copy(RELMAP, self.program)

    def caches(self):
        """(inode, modification time) of each file of the cache: a cache written again changes them."""
        found = sorted(glob.glob(os.path.join(self.project, ".relmap-cache", "**", "*"), recursive=True))
        files = [p for p in found if os.path.isfile(p)]
        self.assertTrue(any(p.endswith("graph.snap") for p in files), files)
        self.assertTrue(any(p.endswith("facts.cache") for p in files), files)
        return {p: (os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in files}

    def ask(self, program):
        r = subprocess.run([program, *self.question], capture_output=True, text=True, cwd=self.project,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_the_same_program_keeps_the_caches_another_build_does_not(self):
        r = subprocess.run([self.program, "validate"], capture_output=True, text=True, cwd=self.project,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        answer = self.ask(self.program)
        made = self.caches()

        os.chmod(self.program, 0o700)
        os.chmod(self.program, 0o755)
        linked = os.path.join(self.tmp, "bin", "relmap-link")
        os.link(self.program, linked)
        copied = os.path.join(self.tmp, "bin", "relmap-copy")
        shutil.copy(self.program, copied)
        for name, program in (("chmod", self.program), ("hard link", linked), ("copy", copied)):
            with self.subTest(name):
                self.assertEqual(self.ask(program), answer)
                self.assertEqual(self.caches(), made)

        # Another build: the same bytes but for the build id the linker wrote.
        other = os.path.join(self.tmp, "bin", "relmap-other")
        with open(self.program, "rb") as f:
            elf = bytearray(f.read())
        at, size = build_id_offset(self.program)
        elf[at:at + size] = bytes(b ^ 0xFF for b in elf[at:at + size])
        with open(other, "wb") as f:
            f.write(elf)
        os.chmod(other, 0o755)
        self.assertEqual(self.ask(other), answer)
        remade = self.caches()
        self.assertEqual(remade.keys(), made.keys())
        for path in made:
            self.assertNotEqual(remade[path], made[path], path)
        # And the first program no longer trusts what the other one wrote.
        self.assertEqual(self.ask(self.program), answer)
        self.assertNotEqual(self.caches(), remade)


if __name__ == "__main__":
    unittest.main()
