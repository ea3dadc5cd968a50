"""System Review Workbook: turns framework content and review files into a site.

The core (loading, validation, the typed model, page generation) never touches MkDocs;
``mkdocs_plugin`` and ``cli`` are thin adapters over it.
"""

__version__ = "0.1.0"
