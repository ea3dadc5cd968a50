"""The MkDocs adapter: the only code that imports MkDocs or Material. Every MkDocs internal it
relies on is in ``compat``."""

__all__ = [
    "build",
    "compat",
    "config",
    "dirty",
    "live",
    "pages",
    "plugin",
    "serve",
]
