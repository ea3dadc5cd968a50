"""What the MkDocs adapter takes from MkDocs beyond its promises (csreview.mkdocs.compat),
held to what compat says, so an upgrade that changes any of it fails here, by name."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from csreview.mkdocs import compat
from csreview.mkdocs.config import LiveConfig
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

INSTALLED = f"MkDocs {version('mkdocs')} (compat was checked against {compat.CHECKED_AGAINST})"


def _config(tmp_path: Path) -> object:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def test_render_sets_what_a_page_converted_once_for_many_must_set(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (tmp_path / "docs" / "p.md").write_text(
        "---\ntitle: From the front matter\n---\n# A first heading\n\n## Section\n\nText.\n",
        encoding="utf-8")
    file = File("p.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    page = Page(None, file, config)
    page.read_source(config)
    before = {name: getattr(page, name, None) for name in compat.RENDERED}
    page.render(config, Files([file]))
    changed = {name for name in compat.RENDERED if getattr(page, name, None) != before[name]}
    # Every attribute compat names is what render sets (links_to_anchors: a dict, maybe
    # empty, where it was None); and the front matter's title wins over a first heading.
    assert changed >= {"content", "toc", "present_anchor_ids"}, INSTALLED
    assert page.links_to_anchors is not None, INSTALLED
    assert page.title == "From the front matter", INSTALLED


def test_the_live_server_still_takes_a_builder_and_an_app() -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root="/tmp")
    try:
        old_builder, old_app = compat.wrap_live_server(server, len, str)
        assert server.builder is len and server.get_app() is str, INSTALLED
        assert callable(old_builder) and old_app is not None, INSTALLED
        assert server.mount_path == "/", INSTALLED
    finally:
        server.server_close()


def test_mkdocs_reads_a_config_file_object_afresh_each_time(tmp_path: Path) -> None:
    """LiveConfig relies on MkDocs rewinding and reading an open file object each time it
    loads the configuration (mkdocs/config/base.py, _open_config_file)."""
    names = iter(["First", "Second"])
    docs = str(tmp_path / "docs")
    (tmp_path / "docs").mkdir()
    live = LiveConfig(lambda: {"site_name": next(names), "docs_dir": docs},
                      tmp_path / "workbook.yaml")
    first = load_config(live, site_dir=str(tmp_path / "site"))
    second = load_config(live, site_dir=str(tmp_path / "site"))
    assert (first.site_name, second.site_name) == ("First", "Second"), INSTALLED
    assert first.config_file_path == str(tmp_path / "workbook.yaml"), INSTALLED


@pytest.mark.parametrize("name", sorted(compat.__all__))
def test_compat_names_what_it_exports(name: str) -> None:
    assert hasattr(compat, name)
