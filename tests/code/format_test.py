"""Every C++ file of relmap is laid out as .clang-format says.

Runs clang-format 14 (Debian 12's, which laid the code out; other versions
lay some constructs out differently) in its checking mode over src/ and
tests/, and fails naming each file it would change and the first line it
would change there. Skipped, saying so, where clang-format 14 is missing.
"""

import glob
import tempfile
import os
import re
import shutil
import subprocess
import unittest

ROOT = os.environ.get("RELMAP_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
VERSION = 14


def clang_format():
    """The clang-format of version VERSION, or None."""
    for name in (f"clang-format-{VERSION}", "clang-format"):
        program = shutil.which(name)
        if program is None:
            continue
        version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
        if re.search(rf"version {VERSION}\.", version):
            return program
    return None


def cxx_files(root):
    """The C++ sources and headers of src/ and tests/, sorted."""
    files = []
    for folder in ("src", "tests"):
        for ext in ("cc", "h"):
            files += glob.glob(os.path.join(root, folder, "**", "*." + ext), recursive=True)
    return sorted(files)


def unformatted(program, files, cwd):
    """clang-format's complaints about `files`: one line per file it would change."""
    r = subprocess.run([program, "--dry-run", "--Werror", "--ferror-limit=1", *files],
                       capture_output=True, text=True, cwd=cwd)
    return [line for line in r.stderr.splitlines() if ": error: " in line], r.returncode


class FormatTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.program = clang_format()

    def setUp(self):
        if self.program is None:
            self.skipTest(f"format not checked: clang-format {VERSION} not found (Debian's clang-format)")

    def test_every_file_is_formatted(self):
        files = cxx_files(ROOT)
        self.assertGreater(len(files), 50)
        problems, code = unformatted(self.program, files, ROOT)
        self.assertEqual(problems, [], "run clang-format -i on these files")
        self.assertEqual(code, 0)

    def test_the_check_sees_a_file_out_of_format(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, ".clang-format"), tmp)
            path = os.path.join(tmp, "planted.cc")
            with open(path, "w") as f:
                f.write("int  main( ) {return 0;}\n")
            problems, code = unformatted(self.program, [path], tmp)
            self.assertEqual(len(problems), 1, problems)
            self.assertIn("planted.cc:1:", problems[0])
            self.assertNotEqual(code, 0)


if __name__ == "__main__":
    unittest.main()
