"""Page and PDF templates, stylesheets and theme overrides, carried inside the csreview package as
data (see csreview.resources)."""
