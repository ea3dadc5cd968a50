"""The ``csreview`` command: a thin shell over the core; no logic of its own."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostics
from .loading import Loaded, load_all, loaded_summary
from .resources import bundled_content

PROJECT = Path(__file__).resolve().parent.parent


def _default(name: str) -> Path:
    """``./name`` when it exists, so a checkout can be customised; else the bundled one."""
    here = Path(name)
    if here.exists():
        return here
    return bundled_content() if name == "content" else PROJECT / name


def _print_diagnostics(diags: Diagnostics) -> None:
    for line in diags.lines():
        print(line, file=sys.stderr)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reviews", type=Path, default=None,
                   help="folder of review files laid out like reviews/ (default: reviews)")
    p.add_argument("--content", type=Path, default=_default("content"), help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


_AUDIENCE_HELP = ("internal (everything; the default) or public (only cleared content, checked"
                  " first for personal data about children and for blaming language;"
                  " internal is not checked for these)")


def _add_site(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=("internal", "public"), default="internal",
                   help=_AUDIENCE_HELP)
    p.add_argument("--config", type=Path, default=_default("mkdocs.yml"),
                   help="MkDocs config file (default: ./mkdocs.yml, else the bundled one)")


def _load_and_check(args: argparse.Namespace) -> tuple[Loaded | None, Diagnostics]:
    """What every command starts with: load, check for the audience, print every problem."""
    diags = Diagnostics()
    loaded = load_all(args.content, args.reviews or Path("reviews"), diags,
                      audience=args.audience)
    _print_diagnostics(diags)
    return loaded, diags


def cmd_check(args: argparse.Namespace) -> int:
    loaded, diags = _load_and_check(args)
    failed = loaded is None or diags.failed(args.strict)
    verdict = "failed" if failed else "ok"
    print(f"csreview check: {verdict} — {loaded_summary(loaded)}; {diags.summary()}",
          file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .sitebuild import BuildFailed, build_site

    loaded, diags = _load_and_check(args)
    if loaded is None or diags.failed(args.strict):
        print(f"csreview build: stopped before building — {diags.summary()};"
              f" the previous site in {args.site_dir} is unchanged", file=sys.stderr)
        return 1
    if args.reviews is not None:
        os.environ["CSREVIEW_REVIEWS"] = str(args.reviews.resolve())
    # The plugin reads this before its own config (for `serve`); one left over in the shell
    # must not turn a public build into an internal one.
    os.environ["CSREVIEW_AUDIENCE"] = args.audience
    # Likewise only --no-pdf skips PDFs here, not a CSREVIEW_NO_PDF left over from `serve`.
    os.environ.pop("CSREVIEW_NO_PDF", None)
    try:
        build_site(args.config, args.site_dir, loaded, audience=args.audience,
                   strict=args.strict, pdf=not args.no_pdf)
    except BuildFailed as exc:
        print(f"csreview build: failed: {exc}; the previous site in {args.site_dir}"
              " is unchanged", file=sys.stderr)
        return 1
    print(f"csreview build: built the {args.audience} site in {args.site_dir}"
          f" ({diags.summary()})", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .build_date import build_date
    from .export import export_tree
    from .exports import PendingExports
    from .pages import SiteOptions, generate
    from .pdf import render_pdfs

    loaded, diags = _load_and_check(args)
    if loaded is None or diags.failed(args.strict):
        print(f"csreview export: stopped — {diags.summary()}", file=sys.stderr)
        return 1
    site = generate(loaded, SiteOptions(audience=args.audience, build_date=build_date(),
                                        pdf=not args.no_pdf))
    try:
        pdfs = render_pdfs(site.pdf_jobs, args.config.resolve().parent / ".cache" / "pdf")
    except RuntimeError as exc:
        print(f"csreview export: failed: {exc}", file=sys.stderr)
        return 1
    spreadsheets = PendingExports(site.export_jobs, loaded.content.framework,
                                  args.config.resolve().parent / ".cache" / "exports").result()
    written = export_tree(site, args.config, args.out, extra_files={**pdfs, **spreadsheets})
    print(f"csreview export: wrote {len(written)} files to {args.out}; build them with"
          f" `mkdocs build -f {args.out / 'mkdocs.yml'}` (no plugin needed)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    if args.reviews is not None:
        os.environ["CSREVIEW_REVIEWS"] = str(args.reviews.resolve())
    os.environ["CSREVIEW_AUDIENCE"] = args.audience
    if args.no_pdf:
        os.environ["CSREVIEW_NO_PDF"] = "1"
    # Rebuild only what changed: the plugin tells MkDocs which results pages are as they
    # were, so saving one review on a national folder re-renders that area's pages, not
    # thousands. MkDocs warns on every dirty rebuild that its nav may be stale; ours is
    # never kept (see mkdocs_plugin._kept), so the warning would only alarm.
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    # What `mkdocs serve` prints: where it serves, each rebuild, and how much was reused.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    serve(config_file=str(args.config), dev_addr=args.dev_addr, build_type="dirty")
    return 0


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def cmd_schema(args: argparse.Namespace) -> int:
    from .content import load_content
    from .review_schema import json_schema_text

    diags = Diagnostics()
    content = load_content(args.content, diags)
    if content is None:
        _print_diagnostics(diags)
        return 1
    sys.stdout.write(json_schema_text(content.framework))
    return 0


def _day(text: str) -> date:
    """A date written as review files are named: YYYY-MM-DD, nothing looser."""
    try:
        if len(text) == 10 and text[4] == text[7] == "-":
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a real date; write it like 2026-09-15")


def cmd_new(args: argparse.Namespace) -> int:
    from .build_date import build_date
    from .newreview import run

    return run(args.content, args.reviews or Path("reviews"), args.area,
               args.date or build_date())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csreview",
        description="Build and check a Contextual Safeguarding system review workbook.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check content and review files without building")
    _add_common(check)
    check.add_argument("--audience", choices=("internal", "public"), default="internal",
                       help=_AUDIENCE_HELP)
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="check every file, then build the whole site")
    _add_common(build)
    _add_site(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"),
                       help="where to write the site (default: site)")
    build.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    build.set_defaults(func=cmd_build)
    export = sub.add_parser(
        "export", help="write the generated pages as a plain docs tree with an mkdocs.yml"
                       " that needs no plugin (for Zensical, or MkDocs without plugins)")
    export.add_argument("out", type=Path, help="folder to write (docs/ and mkdocs.yml)")
    _add_common(export)
    _add_site(export)
    export.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    export.set_defaults(func=cmd_export)
    serve = sub.add_parser("serve", help="live preview that rebuilds when a file changes")
    _add_common(serve)
    _add_site(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="print the JSON Schema of review files")
    schema.add_argument("--content", type=Path, default=_default("content"),
                        help=argparse.SUPPRESS)
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="start the next review file for an area from its latest")
    new.add_argument("area", help="the area's folder name, like northbridge")
    new.add_argument("--date", type=_day, default=None,
                     help="date of the session, YYYY-MM-DD (default: today)")
    new.add_argument("--reviews", type=Path, default=None,
                     help="folder of review files laid out like reviews/ (default: reviews)")
    new.add_argument("--content", type=Path, default=_default("content"), help=argparse.SUPPRESS)
    new.set_defaults(func=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
