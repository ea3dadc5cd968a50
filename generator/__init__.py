"""System Review Workbook: turns framework content and review files into a site.

The package is layered, and imports run one way (``tests/test_layers.py`` holds them to it):

    source → model → views → checks → loading → pages → runtime → outputs → mkdocs → cli

The core (source to pages) never touches MkDocs, never forks, keeps nothing between runs
and leaves the garbage collector alone; the adapters (``mkdocs``, ``cli``) decide that.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
