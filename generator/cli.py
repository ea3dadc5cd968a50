"""The ``csreview`` command: a thin shell over the core; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .loading.load import Loaded, loaded_summary
from .loading.project import Project, find_project, load_project
from .source.diagnostics import Diagnostics
from .source.errors import NotAProject, OutputFailed

if TYPE_CHECKING:  # the MkDocs adapter is imported only by the commands that build
    from .mkdocs.config import BuildRequest

# Exit codes: 1 when the inputs have problems, 2 when the command cannot run as asked.
PROBLEMS, CANNOT = 1, 2


def _print_diagnostics(diags: Diagnostics) -> None:
    for line in diags.lines():
        print(line, file=sys.stderr)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reviews", type=Path, default=None,
                   help="folder of review files laid out like reviews/ (default: reviews)")
    p.add_argument("--content", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--config", type=Path, default=None,
                   help="build with this mkdocs.yml rather than the workbook's settings"
                        " (default: workbook.yaml here, else ./mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


_AUDIENCE_HELP = ("internal (everything) or public (only cleared content, checked first for"
                  " personal data about children and for blaming language; internal is not"
                  " checked for these). Default: the workbook's `audience`, else internal")


def _add_audience(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=("internal", "public"), default=None,
                   help=_AUDIENCE_HELP)


def _project(args: argparse.Namespace, command: str) -> Project | None:
    """The project the command works on; None (with every problem printed) when it has
    none or its workbook.yaml is wrong."""
    from .mkdocs.config import plugin_options

    diags = Diagnostics()
    try:
        project = find_project(Path.cwd(), diags, config=getattr(args, "config", None),
                               reviews=args.reviews, content=args.content,
                               plugin_options=plugin_options)
    except NotAProject as exc:
        print(f"csreview {command}: {exc}", file=sys.stderr)
        return None
    if project is None:
        _print_diagnostics(diags)
        print(f"csreview {command}: fix {diags.summary()} in workbook.yaml first",
              file=sys.stderr)
        return None
    if getattr(args, "audience", "x") is None:
        args.audience = project.audience
    return project


def _load_and_check(
    project: Project, args: argparse.Namespace,
) -> tuple[Loaded | None, Diagnostics]:
    """What every command starts with: load, check for the audience, print every problem."""
    diags = Diagnostics()
    from .runtime.work import Pooled

    loaded = load_project(project, diags, audience=args.audience, work=Pooled())
    _print_diagnostics(diags)
    return loaded, diags


def _request(args: argparse.Namespace) -> BuildRequest:
    from .mkdocs.config import BuildRequest

    return BuildRequest(audience=args.audience, strict=args.strict,
                        pdf=not getattr(args, "no_pdf", False))


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args, "check")
    if project is None:
        return CANNOT
    loaded, diags = _load_and_check(project, args)
    failed = loaded is None or diags.failed(args.strict)
    verdict = "failed" if failed else "ok"
    print(f"csreview check: {verdict} — {loaded_summary(loaded)}; {diags.summary()}",
          file=sys.stderr)
    return PROBLEMS if failed else 0


def _refused(command: str, project: Project, out: Path, request: BuildRequest) -> str | None:
    """Why ``out`` must not be written (see output_guard), said, or None."""
    from .mkdocs.config import config_dict
    from .runtime.output_guard import inputs_of, output_problem

    problem = output_problem(out, inputs_of(project, config_dict(project, request)))
    if problem is not None:
        print(f"csreview {command}: error: {problem}", file=sys.stderr)
    return problem


def cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs.build import BuildFailed, build_site
    from .runtime.tool_warnings import ToolWarnings
    from .source.errors import OutputRefused

    project = _project(args, "build")
    if project is None:
        return CANNOT
    if _refused("build", project, args.site_dir, _request(args)):
        return CANNOT
    loaded, diags = _load_and_check(project, args)
    if loaded is None or diags.failed(args.strict):
        print(f"csreview build: stopped before building — {diags.summary()};"
              f" the previous site in {args.site_dir} is unchanged", file=sys.stderr)
        return PROBLEMS
    warnings = ToolWarnings()
    try:
        build_site(project, args.site_dir, loaded, _request(args), warnings)
    except OutputRefused as exc:
        print(f"csreview build: error: {exc}", file=sys.stderr)
        return CANNOT
    except BuildFailed as exc:
        print(f"csreview build: failed: {exc}; the previous site in {args.site_dir}"
              " is unchanged", file=sys.stderr)
        return PROBLEMS
    tools = warnings.summary()
    print(f"csreview build: built the {args.audience} site in {args.site_dir}"
          f" (review and content files: {diags.summary()}"
          f"{'; ' + tools if tools else ''})", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .mkdocs.config import branding, config_dict
    from .outputs.docs_tree import export_folder
    from .outputs.exports import PendingExports
    from .outputs.pdf import render_pdfs
    from .pages import SiteOptions, generate
    from .runtime.output_guard import inputs_of
    from .runtime.work import Pooled
    from .source.build_date import build_date
    from .source.errors import OutputRefused

    project = _project(args, "export")
    if project is None:
        return CANNOT
    if _refused("export", project, args.out, _request(args)):
        return CANNOT
    loaded, diags = _load_and_check(project, args)
    if loaded is None or diags.failed(args.strict):
        print(f"csreview export: stopped — {diags.summary()}", file=sys.stderr)
        return PROBLEMS
    config = config_dict(project, _request(args))
    site = generate(loaded, SiteOptions(audience=args.audience, build_date=build_date(),
                                        pdf=not args.no_pdf, branding=branding(project)),
                    Pooled())
    try:
        pdfs = render_pdfs(site.pdf_jobs, project.cache / "pdf")
    except OutputFailed as exc:
        print(f"csreview export: failed: {exc}", file=sys.stderr)
        return PROBLEMS
    spreadsheets = PendingExports(site.export_jobs, loaded.content.framework,
                                  project.cache / "exports").result()
    try:
        written = export_folder(site, config, args.out, inputs_of(project, config),
                                extra_files={**pdfs, **spreadsheets})
    except OutputRefused as exc:
        print(f"csreview export: error: {exc}", file=sys.stderr)
        return CANNOT
    print(f"csreview export: wrote {len(written)} files to {args.out}; build them with"
          f" `mkdocs build -f {args.out / 'mkdocs.yml'}` or `zensical build` there"
          " (no plugin needed)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mkdocs.config import plugin_options
    from .mkdocs.live import serve_project

    project = _project(args, "serve")
    if project is None:
        return CANNOT

    def find(diags: Diagnostics) -> Project | None:
        return find_project(Path.cwd(), diags, config=args.config, reviews=args.reviews,
                            content=args.content, plugin_options=plugin_options)

    serve_project(project, find, _request(args), args.dev_addr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .model.content import load_content
    from .model.review_schema import json_schema_text
    from .source.resources import bundled_content

    diags = Diagnostics()
    content = load_content(args.content or bundled_content(), diags)
    if content is None:
        _print_diagnostics(diags)
        return PROBLEMS
    sys.stdout.write(json_schema_text(content.framework, updates=args.updates))
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
    from .outputs.newreview import run
    from .source.build_date import build_date

    project = _project(args, "new")
    if project is None:
        return CANNOT
    return run(project.content, project.reviews, args.area, args.date or build_date())


def cmd_init(args: argparse.Namespace) -> int:
    from .outputs.workbook_folder import run_init

    return run_init(args)


def cmd_sheet(args: argparse.Namespace) -> int:
    from .outputs.recording.sheet import run
    from .source.build_date import build_date

    project = _project(args, "sheet")
    if project is None:
        return CANNOT
    return run(project.content, project.reviews, args.area, args.date, args.output,
               build_date())


def cmd_import(args: argparse.Namespace) -> int:
    from .outputs.recording.importer import run
    from .outputs.recording.update import run_update

    project = _project(args, "import")
    if project is None:
        return CANNOT
    if args.update:
        return run_update(project.content, project.reviews, args.workbook, args.area,
                          args.date, args.meeting, args.dry_run)
    if args.meeting is not None:
        print("csreview import: --meeting names the meeting of a progress update: use it"
              " with --update; nothing was written", file=sys.stderr)
        return CANNOT
    return run(project.content, project.reviews, args.workbook, args.area, args.date,
               args.dry_run)


def build_parser() -> argparse.ArgumentParser:
    from .outputs.workbook_folder import add_init_arguments

    parser = argparse.ArgumentParser(
        prog="csreview",
        description="Build and check a Contextual Safeguarding system review workbook.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="make a partnership's own workbook folder")
    add_init_arguments(init)
    init.set_defaults(func=cmd_init)
    check = sub.add_parser("check", help="check content and review files without building")
    _add_common(check)
    _add_audience(check)
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="check every file, then build the whole site")
    _add_common(build)
    _add_audience(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"),
                       help="where to write the site (default: site)")
    build.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    build.set_defaults(func=cmd_build)
    export = sub.add_parser(
        "export", help="write the generated pages as a plain docs tree with an mkdocs.yml"
                       " that needs no plugin (for Zensical, or MkDocs without plugins)")
    export.add_argument("out", type=Path, help="folder to write (docs/ and mkdocs.yml)")
    _add_common(export)
    _add_audience(export)
    export.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    export.set_defaults(func=cmd_export)
    serve = sub.add_parser("serve", help="live preview that rebuilds when a file changes")
    _add_common(serve)
    _add_audience(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--no-pdf", action="store_true", help="skip making PDFs")
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="print the JSON Schema of review files")
    schema.add_argument("--updates", action="store_true",
                        help="the schema of progress update files (updates/<date>.yaml)")
    schema.add_argument("--content", type=Path, default=None, help=argparse.SUPPRESS)
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="start the next review file for an area from its latest")
    new.add_argument("area", help="the area's folder name, like northbridge")
    new.add_argument("--date", type=_day, default=None,
                     help="date of the session, YYYY-MM-DD (default: today)")
    _add_common(new)
    new.set_defaults(func=cmd_new)
    sheet = sub.add_parser("sheet", help="write a recording workbook (.xlsx) for an area's next"
                                         " review, pre-filled from its latest")
    sheet.add_argument("area", help="the area's folder name, like northbridge")
    sheet.add_argument("--date", type=_day, default=None,
                       help="date of the session, YYYY-MM-DD (default: left for you to fill in)")
    sheet.add_argument("-o", "--output", type=Path, default=None,
                       help="the workbook to write (default: AREA-next-review.xlsx)")
    sheet.add_argument("--reviews", type=Path, default=None,
                       help="folder of review files laid out like reviews/ (default: reviews)")
    sheet.add_argument("--content", type=Path, default=None, help=argparse.SUPPRESS)
    sheet.set_defaults(func=cmd_sheet)
    imp = sub.add_parser("import", help="turn a filled recording workbook into a review file")
    imp.add_argument("workbook", type=Path, help="the filled workbook (.xlsx)")
    imp.add_argument("--area", default=None, help="the area (default: the workbook's)")
    imp.add_argument("--date", type=_day, default=None,
                     help="date of the session, YYYY-MM-DD (default: the workbook's)")
    imp.add_argument("--reviews", type=Path, default=None,
                     help="folder of review files laid out like reviews/ (default: reviews)")
    imp.add_argument("--dry-run", action="store_true",
                     help="check and print the review file without writing it")
    imp.add_argument("--update", action="store_true",
                     help="write a progress update (reviews/AREA/updates/DATE.yaml) from the"
                          " actions' statuses, notes and due dates, not a review; --date is"
                          " the meeting's")
    imp.add_argument("--meeting", default=None,
                     help="with --update: where progress was reported, e.g. 'Partnership"
                          " executive'")
    imp.add_argument("--content", type=Path, default=None, help=argparse.SUPPRESS)
    imp.set_defaults(func=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
