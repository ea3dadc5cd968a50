"""The framework content, carried inside the csreview package as data (see csreview.resources)."""
