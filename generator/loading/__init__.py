"""Finding a project and loading it: reviews folders, progress updates, the whole check."""

__all__ = [
    "load",
    "project",
    "reviews",
    "updates",
]
