"""What goes wrong at run time, as one small family of exceptions.

Problems in the input files are not exceptions: they are ``Diagnostics``, all collected and
reported together. These are for what stops a command after that: an output that cannot be
made or written where asked, a folder that holds no project. Adapters catch ``Failed`` and
say what it says; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = ["Failed", "InputError", "NotAProject", "OutputFailed", "OutputRefused"]


class Failed(Exception):
    """A command cannot finish; the message says why, in plain words."""


class OutputFailed(Failed):
    """An output (a PDF, a spreadsheet, the site) could not be made."""


class OutputRefused(Failed):
    """An output folder asked for is one csreview must not write; the message says why."""


class NotAProject(Failed):
    """The folder holds nothing a command can work on; the message says what to do."""


class InputError(Failed):
    """The inputs have errors: carries every diagnostic (``diagnostics``), for an adapter
    that shows them somewhere other than the terminal (`serve`'s page of problems)."""

    def __init__(self, diagnostics: object) -> None:
        super().__init__(getattr(diagnostics, "summary", lambda: "")())
        self.diagnostics = diagnostics
