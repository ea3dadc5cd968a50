"""Pages as (path, content) pairs: the pure heart of the build.

``generate`` takes the loaded model and returns every page of the site as Markdown text
(or bytes for files such as PDFs) by docs path, plus the small fixed nav. Adapters serve
these through MkDocs or write them to a folder; nothing here touches MkDocs.
"""

from __future__ import annotations

from .base import Site, SiteOptions
from .site import generate

__all__ = ["Site", "SiteOptions", "generate"]
