"""The package's layers run one way: a module imports only from its own layer or the ones
below it, and only the MkDocs adapter imports MkDocs or Material.

    source → model → views → checks → loading → pages → runtime → outputs → mkdocs → cli

The core (source to pages) never forks, caches or touches the garbage collector: that is
runtime's, and the adapters hand it to the core (``source.work``)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.cli import REPO

PACKAGE = REPO / "generator"
LAYERS = ["source", "model", "views", "checks", "loading", "pages", "runtime", "outputs",
          "mkdocs", ""]  # "": the package root (the command line)
THIRD_PARTY_ADAPTER = {"mkdocs", "material"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(module: str) -> int:
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else LAYERS.index("")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every import in the file, at any depth, as (line, absolute name): names inside the
    package start with "csreview.", the rest are the third-party or standard module."""
    here = module_name(path).split(".") if module_name(path) else []
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, node.module or ""))
                continue
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                found.append((node.lineno, "csreview." + target))
            else:  # from . import a, b: each may be a module of that package
                found += [(node.lineno, "csreview." + ".".join(filter(None, [target, a.name])))
                          for a in node.names]
    return found


def test_every_import_points_down_the_layers() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = layer(module_name(path))
        for line, name in imports(path):
            if not name.startswith("csreview."):
                continue
            theirs = layer(name.removeprefix("csreview."))
            if theirs > mine:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {LAYERS[mine] or 'root'}"
                             f" imports {name} ({LAYERS[theirs] or 'root'})")
    assert wrong == []


def test_only_the_mkdocs_adapter_imports_mkdocs_or_material() -> None:
    wrong = [f"{path.relative_to(REPO)}:{line}: {name}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if not module_name(path).startswith("mkdocs")
             for line, name in imports(path)
             if name.split(".")[0] in THIRD_PARTY_ADAPTER]
    assert wrong == []


def test_the_package_root_holds_only_the_command_line() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root == ["__init__.py", "cli.py"]


def test_the_direction_check_sees_a_wrong_import(tmp_path: Path) -> None:
    """The check itself: a model module importing a page module is caught."""
    fake = PACKAGE / "model" / "_probe_for_test.py"
    fake.write_text("from ..pages.render import render\n", encoding="utf-8")
    try:
        found = imports(fake)
    finally:
        fake.unlink()
    assert found == [(1, "csreview.pages.render")]
    assert layer("pages.render") > layer(module_name(fake))
