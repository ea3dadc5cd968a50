"""The ``csreview`` command: a thin shell over the core; no logic of its own."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import Diagnostics
from .loading import load_all


def _print_diagnostics(diags: Diagnostics) -> None:
    for d in diags:
        print(d.format(), file=sys.stderr)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reviews", type=Path, default=None,
                   help="folder of review files laid out like reviews/ (default: reviews)")
    p.add_argument("--content", type=Path, default=Path("content"), help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _add_site(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=("internal", "public"), default="internal",
                   help="internal (everything; the default) or public (only cleared content)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config file")


def cmd_check(args: argparse.Namespace) -> int:
    diags = Diagnostics()
    reviews = args.reviews or Path("reviews")
    loaded = load_all(args.content, reviews, diags)
    _print_diagnostics(diags)
    failed = loaded is None or diags.failed(args.strict)
    areas = len(loaded.workbook.areas) if loaded else 0
    count = sum(len(a.reviews) for a in loaded.workbook.areas) if loaded else 0
    verdict = "failed" if failed else "ok"
    print(f"csreview check: {verdict} — {areas} area{'s' * (areas != 1)},"
          f" {count} review{'s' * (count != 1)}; {diags.summary()}", file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .sitebuild import BuildFailed, build_site

    diags = Diagnostics()
    loaded = load_all(args.content, args.reviews or Path("reviews"), diags)
    _print_diagnostics(diags)
    if loaded is None or diags.failed(args.strict):
        print(f"csreview build: stopped before building — {diags.summary()};"
              f" the previous site in {args.site_dir} is unchanged", file=sys.stderr)
        return 1
    if args.reviews is not None:
        os.environ["CSREVIEW_REVIEWS"] = str(args.reviews.resolve())
    try:
        build_site(args.config, args.site_dir, loaded, audience=args.audience,
                   strict=args.strict)
    except BuildFailed as exc:
        print(f"csreview build: failed: {exc}; the previous site in {args.site_dir}"
              " is unchanged", file=sys.stderr)
        return 1
    print(f"csreview build: built the {args.audience} site in {args.site_dir}"
          f" ({diags.summary()})", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    if args.reviews is not None:
        os.environ["CSREVIEW_REVIEWS"] = str(args.reviews.resolve())
    os.environ["CSREVIEW_AUDIENCE"] = args.audience
    serve(config_file=str(args.config), dev_addr=args.dev_addr)
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csreview",
        description="Build and check a Contextual Safeguarding system review workbook.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check content and review files without building")
    _add_common(check)
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="check every file, then build the whole site")
    _add_common(build)
    _add_site(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"),
                       help="where to write the site (default: site)")
    build.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    build.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview that rebuilds when a file changes")
    _add_common(serve)
    _add_site(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="print the JSON Schema of review files")
    schema.add_argument("--content", type=Path, default=Path("content"), help=argparse.SUPPRESS)
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
