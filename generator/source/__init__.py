"""Reading input files: YAML with a line and column for every value, the diagnostics every
check reports into, validation messages, bundled files, the build date, and the ``Work``
interface through which adapters run the core's batches. Imports nothing else of csreview."""

__all__ = [
    "build_date",
    "diagnostics",
    "errors",
    "resources",
    "validation",
    "work",
    "yamlchars",
    "yamlerrors",
    "yamlsource",
    "yamlvalues",
]
