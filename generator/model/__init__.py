"""What the files mean: the framework, guidance content, the review-file schema, the resolved
model of areas, reviews and updates, ratings, and a workbook's settings."""

__all__ = [
    "base",
    "content",
    "framework",
    "language",
    "ratings",
    "resolved",
    "review_schema",
    "workbook",
]
