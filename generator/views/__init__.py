"""Ways of looking at the model: what a public build may show, history between reviews, the
action plan's order, progress reported between reviews, targets, and the next review's draft."""

__all__ = [
    "action_plan",
    "audience",
    "draft",
    "history",
    "progress",
    "targets",
]
