"""Independent validators the tests run: the Nu HTML Checker, qpdf and a YAML language server.

``scripts/test`` installs them (Debian's Java and qpdf, and ``npm ci`` for the npm packages
in ``package.json``). A missing one is a broken setup: these helpers raise, and the test
fails; nothing is skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.cli import REPO

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
YAML_LANGUAGE_SERVER = NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server"


def _missing(what: str) -> RuntimeError:
    return RuntimeError(f"{what} not found: run scripts/test, which installs it")


def program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise _missing(f"the program '{name}'")
    return found


def npm_file(path: Path) -> Path:
    if not path.is_file():
        raise _missing(str(path.relative_to(REPO)))
    return path


# --- The Nu HTML Checker ---------------------------------------------------------------------

# The errors that Material for MkDocs' own markup earns, and that no page of ours can avoid
# short of rewriting the theme. This is the one place they are listed; an entry that stops
# matching fails the test, so the list never outlives the problem.
THEME_HTML_ERRORS: dict[str, str] = {
    r"Attribute “autocomplete” is only allowed when the input type is .*":
        "Material puts autocomplete=\"off\" on the hidden checkboxes that open its drawer and"
        " search, so that a browser does not restore them open after going back; browsers"
        " honour it on checkboxes although the HTML standard does not allow it.",
    r"The value of the “for” attribute of the “label” element must be the ID of a"
    r" non-hidden form control\.":
        "Material titles the contents list of every page with <label for=\"__toc\">, for the"
        " checkbox that folds the list into the menu on phones; the theme draws that checkbox"
        " only beside a page listed in the menu, so section index pages and results pages"
        " (kept out of the menu so that it stays small) have the label without it.",
}


@dataclass(frozen=True)
class HtmlError:
    file: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    {self.extract.strip()[:160]}"


def vnu_errors(pages: Sequence[Path]) -> list[HtmlError]:
    """Every error the Nu HTML Checker reports on ``pages``."""
    command = [program("java"), "-jar", str(npm_file(VNU_JAR)), "--errors-only",
               "--format", "json", *map(str, pages)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode not in (0, 1):  # 1: errors found
        raise RuntimeError(f"vnu.jar failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stderr)
    return [HtmlError(file=m.get("url", "").removeprefix("file:"), line=m.get("lastLine"),
                      message=m["message"], extract=m.get("extract", ""))
            for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def theme_reason(error: HtmlError) -> str | None:
    for pattern, reason in THEME_HTML_ERRORS.items():
        if re.fullmatch(pattern, error.message):
            return reason
    return None


# --- qpdf ------------------------------------------------------------------------------------


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess[str]:
    """``qpdf --check``: the PDF's structure, cross-reference table and streams."""
    return subprocess.run([program("qpdf"), "--check", str(pdf)], capture_output=True,
                          text=True, timeout=120, check=False)


# --- The YAML language server ----------------------------------------------------------------


def yaml_language_server() -> list[str]:
    return [program("node"), str(npm_file(YAML_LANGUAGE_SERVER)), "--stdio"]
