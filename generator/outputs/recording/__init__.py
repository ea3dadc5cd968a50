"""The recording workbook: its layout and words, writing it and reading it back."""

__all__ = [
    "importer",
    "layout",
    "read",
    "sheet",
    "words",
]
