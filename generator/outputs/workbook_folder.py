"""``csreview init DIR``: a partnership's own workbook folder, ready to build.

It holds only the partnership's own things (its settings, its first area, a README and,
if asked, a CI file that publishes the public build); everything else comes from the
installed package. It never writes into a folder that has anything in it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import jinja2

from ..loading.reviews import AREA_ID
from ..source.resources import site_templates
from .reviewtext import scalar

__all__ = ["CI_FILES", "DEBIAN_PACKAGES", "add_init_arguments", "run_init", "write_workbook"]

# What WeasyPrint needs for PDFs on Debian and Ubuntu (its docs: "Installation").
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
CI_FILES = {"github": ".github/workflows/publish.yml", "gitlab": ".gitlab-ci.yml"}


def add_init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, help="the folder to make (it must be new or empty)")
    p.add_argument("--area", help="the first area's identifier, like northbridge")
    p.add_argument("--name", help="the first area's name, like Northbridge")
    p.add_argument("--partnership", help="the partnership's name (optional)")
    p.add_argument("--site-name", help="the site's name (default: '<name> System Review"
                                       " Workbook')")
    p.add_argument("--ci", choices=("github", "gitlab", "none"),
                   help="write a CI file that publishes the public build to GitHub Pages or"
                        " GitLab Pages, or none")


def _ask(args: argparse.Namespace, ask: Callable[[str], str]) -> list[str]:
    """Fill in what the command line left out by asking; the problems left, if any."""
    problems = []
    questions = [
        ("area", "The first area's identifier (lowercase letters, digits and hyphens,"
                 " like northbridge): "),
        ("name", "The area's name (like Northbridge): "),
        ("partnership", "The partnership's name (optional, press Enter to skip): "),
        ("ci", "Publish the public site from GitHub, GitLab or neither? [github/gitlab/none]: "),
    ]
    for key, question in questions:
        while getattr(args, key) is None:
            answer = ask(question).strip()
            if key == "partnership" or answer:
                setattr(args, key, answer or "")
    if not AREA_ID.match(args.area or ""):
        problems.append(f"--area: '{args.area}' is not an area identifier: use lowercase"
                        " letters, digits and hyphens, like northbridge")
    if args.ci not in CI_FILES and args.ci != "none":
        problems.append(f"--ci: '{args.ci}' is not one of github, gitlab, none")
    return problems


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(  # noqa: S701 - YAML and Markdown files, not HTML
        loader=jinja2.FileSystemLoader(site_templates() / "workbook"),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,
    )
    env.filters["yaml"] = scalar  # a value YAML reads back exactly as typed
    return env


def write_workbook(folder: Path, *, area: str, name: str, partnership: str, site_name: str,
                   ci: str) -> list[Path]:
    """Write the workbook's files into ``folder`` (new or empty); return them."""
    installed = version("csreview")
    context = {
        "area": area, "name": name, "partnership": partnership, "site_name": site_name,
        "ci": ci, "version": installed, "debian_packages": DEBIAN_PACKAGES,
        "install": f'python -m pip install "csreview=={installed}"',
    }
    files = {
        "workbook.yaml": "workbook.yaml.j2", "README.md": "README.md.j2",
        ".gitignore": "gitignore.j2", f"reviews/{area}/area.yaml": "area.yaml.j2",
    }
    if ci in CI_FILES:
        files[CI_FILES[ci]] = f"{ci}-{'publish.yml' if ci == 'github' else 'ci.yml'}.j2"
    env = _environment()
    written = []
    for rel, template in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(env.get_template(template).render(**context))
        written.append(target)
    return written


def run_init(args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"csreview init: {folder} already exists and is not empty; nothing was"
              " written. Choose a new folder name", file=sys.stderr)
        return 2
    if ask is None:
        if not sys.stdin.isatty():
            missing = [f"--{k}" for k in ("area", "name", "ci") if getattr(args, k) is None]
            if missing:
                print(f"csreview init: say {', '.join(missing)} (or run it in a terminal to"
                      " be asked); nothing was written", file=sys.stderr)
                return 2
            args.partnership = args.partnership or ""
        ask = input
    problems = _ask(args, ask)
    if problems:
        for problem in problems:
            print(f"csreview init: {problem}", file=sys.stderr)
        return 2
    site_name = args.site_name or f"{args.name} System Review Workbook"
    written = write_workbook(folder, area=args.area, name=args.name,
                             partnership=args.partnership, site_name=site_name, ci=args.ci)
    print(f"csreview init: wrote {len(written)} files to {folder}:", file=sys.stderr)
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}", file=sys.stderr)
    print(f"Next: cd {folder} && csreview new {args.area}   (then csreview serve)",
          file=sys.stderr)
    return 0
