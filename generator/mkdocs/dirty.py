"""What `serve --dirty` keeps between rebuilds in the site folder: which generated files it
wrote, from what, so an unchanged page is left as it was and a page no longer generated (a
review deleted while serving) is removed. A plain build keeps nothing."""

from __future__ import annotations

from pathlib import Path

from ..runtime.reuse import files_digest, folder_files


class DirtyWrites:
    """Kept as long as the server runs; ``rebuild`` starts each rebuild, ``finish`` ends it."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self._written: dict[str, tuple[object, list[Path]]] = {}
        self._writing: dict[str, tuple[object, list[Path]]] = {}
        self._surroundings = ""

    def rebuild(self, surroundings: list[Path]) -> None:
        """Start a rebuild. ``surroundings`` are what every page carries besides its own
        content (the nav's sources, the theme and its overrides, mkdocs.yml): when any of
        them changed, no page is kept. Read only under --dirty: it costs a moment."""
        self._writing = {}
        if not self.enabled:
            return
        around = files_digest(folder_files(*[p for p in surroundings if p.is_dir()])
                              + [p for p in surroundings if p.is_file()])
        if around != self._surroundings:
            self._written = {}  # every page carries the nav and the theme: write them all
        self._surroundings = around

    def kept(self, path: str, made: object, targets: list[Path]) -> bool:
        """Whether what makes ``path`` is what made the copy last written (its files in the
        site folder are ``targets``). Pages and jobs from reused areas are the very same
        objects; a regenerated page is compared byte for byte. Notes ``made`` for the next
        rebuild either way."""
        if not self.enabled:
            return False
        before = self._written.get(path)
        self._writing[path] = (made, targets)
        return before is not None and (before[0] is made or before[0] == made)

    def finish(self) -> None:
        """A dirty rebuild leaves every file it did not write: remove those no longer
        generated, so the preview does not keep showing them."""
        if not self.enabled:
            return
        gone = [targets for path, (_, targets) in self._written.items()
                if path not in self._writing]
        self._written, self._writing = self._writing, {}
        for targets in gone:
            for target in targets:
                target.unlink(missing_ok=True)
