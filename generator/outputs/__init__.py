"""Files made from the model besides pages: PDFs, spreadsheets, the plain docs tree, review
files written by `csreview new` and `import`, the recording workbook, a workbook folder."""

__all__ = [
    "docs_tree",
    "exports",
    "filecache",
    "newreview",
    "pdf",
    "reviewtext",
    "workbook_folder",
    "xlsx",
    "recording",
]
