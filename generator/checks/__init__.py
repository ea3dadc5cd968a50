"""Rules a review must follow beyond its schema: within a review, across reviews, and before
publishing (personal data, blaming language)."""

__all__ = [
    "carried",
    "continuity",
    "identifying",
    "personal_data",
    "publishing",
    "rules",
]
