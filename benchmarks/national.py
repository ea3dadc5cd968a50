"""Build synthetic national-scale data and print times, page counts, site size and memory.

A script, not a test: timings depend on the machine. Usage:

    .venv/bin/python benchmarks/national.py --areas 20 --reviews 10
    .venv/bin/python benchmarks/national.py --areas 200 --reviews 10 --naive-too
    .venv/bin/python benchmarks/national.py --areas 200 --reviews 10 --load-only

Reviews are full: every domain, level and system point, two findings each, with actions;
each sets targets at a quarter of its system points and is followed by a progress update.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from csreview.loading.load import load_all  # noqa: E402
from csreview.loading.project import Project, find_project  # noqa: E402
from csreview.mkdocs.config import BuildRequest, plugin_options  # noqa: E402
from csreview.pages import SiteOptions, generate  # noqa: E402
from csreview.runtime.work import Pooled  # noqa: E402
from csreview.source.diagnostics import Diagnostics  # noqa: E402

DOMAINS = ["target", "legal-framework", "partnerships", "outcomes"]
LEVELS = ["level-1", "level-2"]
POINTS = ["referral", "assessment", "planning", "response"]
TARGETS = ["red", "amber/red", "amber", "green/amber", "green"]
ACTIONS = len(DOMAINS) * len(LEVELS) * len(POINTS) * 2 * 2  # per review: see review_text
WORDS = [
    "referral", "assessment", "plan", "school", "park", "youth", "partner", "police", "health",
    "context", "safety", "location", "group", "meeting", "evidence", "practitioners",
    "parents", "panel", "conference", "data",
]


def sentence(rng: random.Random, n: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def review_text(rng: random.Random, day: date, serial: int) -> str:
    out = ['framework: "2024"', f"title: Synthetic review {serial}",
           "participants: [Children's social care, Police, Education]",
           "methods: [dip-sampling, meeting-observation]",
           f"summary: |\n  {sentence(rng, 40)}", "domains:"]
    n = 0
    for domain in DOMAINS:
        out.append(f"  {domain}:")
        for level in LEVELS:
            out.append(f"    {level}:")
            for point in POINTS:
                first, second = rng.choice([("red", "amber"), ("amber", "amber"),
                                            ("amber", "green"), ("green", "green")])
                out.append(f"      {point}:")
                if rng.random() < 0.25:  # the rating aimed for by the next review
                    out.append(f"        target: {rng.choice(TARGETS)}")
                out.append("        findings:")
                for rating in (first, second):
                    out.append(f"          - rating: {rating}\n"
                               f"            text: {sentence(rng)}\n"
                               f"            evidence: [dip-sampling]\n"
                               f"            actions:")
                    for _ in range(2):
                        n += 1
                        due = day + timedelta(days=rng.randint(30, 200))
                        out.append(f"              - text: {sentence(rng, 12)}\n"
                                   f"                id: action-{n}\n"
                                   f"                lead: Lead {n % 7}\n"
                                   f"                agency: Agency {n % 5}\n"
                                   f"                due: {due.isoformat()}\n"
                                   f"                status: in-progress\n"
                                   f"                note: {sentence(rng, 10)}")
        out.append("    values:")
        out.append(f"      caring: {sentence(rng)}")
        out.append(f"      strengths-based: {sentence(rng)}")
    return "\n".join(out) + "\n"


def update_text(rng: random.Random, day: date, actions: int) -> str:
    """A meeting between reviews that hears about a sixth of the review's actions (every
    action is open in every synthetic review)."""
    out = ["meeting: Synthetic partnership board", "actions:"]
    for n in sorted(rng.sample(range(1, actions + 1), actions // 6)):
        status = rng.choice(["in-progress", "in-progress", "done"])
        out.append(f"  action-{n}:\n    status: {status}\n    note: {sentence(rng, 10)}")
        if status != "done" and rng.random() < 0.5:
            out.append(f"    due: {(day + timedelta(days=rng.randint(30, 120))).isoformat()}")
    return "\n".join(out) + "\n"


def make_reviews(root: Path, areas: int, reviews: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    count = 0
    for a in range(areas):
        folder = root / f"area-{a:03d}"
        folder.mkdir(parents=True)
        (folder / "area.yaml").write_text(f"name: Area {a:03d}\naudience: public\n", "utf-8")
        day = date(2021, 1, 12)
        (folder / "updates").mkdir()
        for r in range(reviews):
            (folder / f"{day.isoformat()}.yaml").write_text(
                review_text(rng, day, r), "utf-8")
            meeting = day + timedelta(days=91)  # between this review and the next
            (folder / "updates" / f"{meeting.isoformat()}.yaml").write_text(
                update_text(rng, meeting, ACTIONS), "utf-8")
            day += timedelta(days=182)
            count += 1
    return count


def folder_size(path: Path) -> tuple[int, int, int]:
    """Bytes in all files, number of HTML pages, bytes of HTML."""
    total = pages = html = 0
    for p in path.rglob("*"):
        if p.is_file():
            size = p.stat().st_size
            total += size
            if p.suffix == ".html":
                pages += 1
                html += size
    return total, pages, html


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool
    workers): on 2 cores, what a phase costs the machine, beside its wall time."""
    own, ended = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


def stolen_seconds() -> float:
    """Core time the virtual machine's host has given to others since boot (the "steal"
    column of /proc/stat, summed over cores); 0 where the kernel does not report it. On
    this project's shared machine, builds are slowest when this grows fastest."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def repo_project(reviews_dir: Path) -> Project:
    """This checkout's own site, built from another folder of reviews."""
    project = find_project(REPO, Diagnostics(), reviews=reviews_dir,
                           plugin_options=plugin_options)
    assert project is not None
    return project


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive_config(work: Path, site_nav: list[object], files: list[str], reviews_dir: Path,
                 pdf: bool) -> Path:
    """An mkdocs.yml whose nav lists every page — the way not to do it."""
    import yaml
    from csreview.mkdocs.config import raw_config

    cfg = raw_config(REPO / "mkdocs.yml")  # the shared settings merged in, folders absolute
    reviews = sorted(f for f in files if f.startswith("areas/") and f != "areas/index.md")
    cfg["nav"] = [*site_nav, {"Every review": reviews}]
    for plugin in cfg["plugins"]:
        if isinstance(plugin, dict) and "csreview" in plugin:
            plugin["csreview"].update(reviews=str(reviews_dir), pdf=pdf)
    path = work / "mkdocs-naive.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False), "utf-8")
    return path


def serve_rebuild(reviews_dir: Path) -> None:
    """Start `csreview serve` on the synthetic folder, edit one finding, and time how long
    until the served review page shows the edit."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    review = sorted(reviews_dir.glob("*/20*.yaml"))[0]
    url = (f"http://127.0.0.1:{port}/areas/{review.parent.name}/{review.stem}/")

    def shows(text: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return text in response.read().decode("utf-8")
        except OSError:
            return False

    t0 = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "csreview.cli", "serve", "--no-pdf", "--reviews",
         str(reviews_dir), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not shows("Synthetic review"):
            time.sleep(0.5)
        t_first = time.perf_counter() - t0
        text = review.read_text("utf-8")
        review.write_text(text.replace("text: ", "text: Edited for the benchmark. ", 1), "utf-8")
        t0 = time.perf_counter()
        while not shows("Edited for the benchmark."):
            time.sleep(0.2)
        print(f"serve: first build {t_first:.1f} s; after editing one review the page showed"
              f" the edit {time.perf_counter() - t0:.1f} s later")
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", type=int, default=20)
    parser.add_argument("--reviews", type=int, default=10)
    parser.add_argument("--load-only", action="store_true", help="stop after load + validate")
    parser.add_argument("--pdf", action="store_true", help="include PDFs (slow)")
    parser.add_argument("--naive-too", action="store_true",
                        help="also build with every page in the nav, for comparison")
    parser.add_argument("--rebuild", action="store_true",
                        help="also time a second build with nothing changed (caches warm)")
    parser.add_argument("--serve", action="store_true",
                        help="also time `csreview serve` rebuilding after one review is edited")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    # The work is copied over whatever --keep holds: only a new or empty folder, so a
    # mistyped path (the checkout, say, with its own reviews/ and site/) loses nothing.
    keep = args.keep
    if keep is not None and keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        parser.error(f"--keep {keep}: it is not an empty folder, and the benchmark would"
                     " write over what is in it; name a new or empty folder")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    work = Path(tempfile.mkdtemp(prefix="csr-bench-"))
    # Every way out, --load-only and a failed assertion included, keeps the folder when
    # asked and removes it: a national set is 134 MiB that used to stay behind in /tmp.
    try:
        return run(args, work)
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    reviews_dir = work / "reviews"
    t0 = time.perf_counter()
    n = make_reviews(reviews_dir, args.areas, args.reviews)
    print(f"synthetic data: {args.areas} areas x {args.reviews} reviews = {n} review files,"
          f" {sum(p.stat().st_size for p in reviews_dir.rglob('*.yaml')) / 2**20:.1f} MiB,"
          f" written in {time.perf_counter() - t0:.1f} s")

    t0, c0, s0 = time.perf_counter(), cpu_seconds(), stolen_seconds()
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews_dir, diags, work=Pooled())
    t_load = time.perf_counter() - t0
    assert loaded is not None and not diags.errors, [d.format() for d in diags.errors[:5]]
    print(f"load + validate: {t_load:.2f} s, {cpu_seconds() - c0:.1f} CPU s"
          f" ({t_load / n * 1000:.1f} ms per review file;"
          f" {len(diags.warnings)} warnings; peak memory so far {peak_mib():.0f} MiB)")
    if args.load_only:
        print(f"peak memory: {peak_mib():.0f} MiB")
        return 0

    from csreview.source.build_date import build_date

    options = SiteOptions(audience="internal", build_date=build_date(), pdf=args.pdf)
    if args.pdf:
        from csreview.outputs.pdf import render_pdfs

        cache = work / "pdf-cache"
        pdf_jobs = generate(loaded, options, Pooled()).pdf_jobs
        t0 = time.perf_counter()
        pdfs = render_pdfs(pdf_jobs, cache, report=lambda _: None)
        t_pdf = time.perf_counter() - t0
        from io import BytesIO

        from pypdf import PdfReader  # a test dependency: ./scripts/test installs it

        pages = sum(len(PdfReader(BytesIO(b)).pages) for b in pdfs.values())
        t0 = time.perf_counter()
        render_pdfs(pdf_jobs, cache, report=lambda _: None)
        t_cached = time.perf_counter() - t0
        print(f"PDFs: {len(pdfs)} files, {pages} pages in {t_pdf:.1f} s on {os.cpu_count()}"
              f" cores ({t_pdf / max(pages, 1) * 1000:.0f} ms per page);"
              f" rebuild with nothing changed: {t_cached:.2f} s (all from the cache)")

    from csreview.mkdocs import plugin as mkdocs_plugin
    from csreview.mkdocs.build import build_site

    # Timed as the build does it (the plugin generates the pages), not on its own: the
    # build's setting, such as which processes run meanwhile, decides what it costs.
    made: dict[str, Any] = {}
    real_generate = mkdocs_plugin.generate

    def timed_generate(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), cpu_seconds()
        site = real_generate(*args, **kwargs)
        made.update(seconds=time.perf_counter() - start, paths=list(site.files), nav=site.nav,
                    cpu=cpu_seconds() - cpu)
        print(f"generate pages: {made['seconds']:.2f} s, {made['cpu']:.1f} CPU s"
              f" ({len(site.files)} files, {len(site.export_jobs)} action plans to export;"
              f" peak memory so far {peak_mib():.0f} MiB)")
        return site

    mkdocs_plugin.generate = timed_generate  # type: ignore[assignment]
    site_dir = work / "site"
    t0, c0 = time.perf_counter(), cpu_seconds()
    # PDFs were timed above; the site build reuses them from the cache.
    os.environ["CSREVIEW_PDF_CACHE"] = str(work / "pdf-cache")
    build_site(repo_project(reviews_dir), site_dir, loaded, BuildRequest(pdf=args.pdf))
    t_build, c_build = time.perf_counter() - t0, cpu_seconds() - c0
    mkdocs_plugin.generate = real_generate
    t_gen = made["seconds"]
    total, pages, html = folder_size(site_dir)
    print(f"MkDocs{' + cached PDFs' if args.pdf else ''}: {t_build - t_gen:.1f} s,"
          f" {c_build - made['cpu']:.1f} CPU s (spreadsheets made meanwhile included)")
    stolen, cores = stolen_seconds() - s0, os.cpu_count() or 1
    print(f"whole build (load + generate + MkDocs): {t_load + t_build:.1f} s;"
          f" the host took {stolen:.1f} s of the {cores} cores' time meanwhile"
          f" ({stolen / ((t_load + t_build) * cores) * 100:.0f}%, steal)")
    largest = max((p for p in site_dir.rglob("*.html")), key=lambda p: p.stat().st_size)
    print(f"site: {pages} HTML pages, {total / 2**20:.1f} MiB in all,"
          f" {html / pages / 1024:.1f} KiB of HTML per page on average; the largest,"
          f" {largest.relative_to(site_dir)}, {largest.stat().st_size / 1024:.1f} KiB")
    print(f"peak memory (this process): {peak_mib():.0f} MiB; largest child process:"
          f" {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB (a forked"
          " worker shares most of its memory with this process)")

    if args.naive_too:
        import subprocess

        cfg = naive_config(work, made["nav"], made["paths"], reviews_dir, args.pdf)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg),
                        "-d", str(work / "site-naive")], check=True)
        t_naive = time.perf_counter() - t0
        total_n, pages_n, html_n = folder_size(work / "site-naive")
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"naive build (every review in the nav): {t_naive:.1f} s, {pages_n} pages,"
              f" {total_n / 2**20:.1f} MiB, {html_n / pages_n / 1024:.1f} KiB HTML per page,"
              f" peak memory {child:.0f} MiB")

    if args.rebuild:
        t0 = time.perf_counter()
        loaded = load_all(REPO / "content", reviews_dir, Diagnostics(), work=Pooled())
        assert loaded is not None
        build_site(repo_project(reviews_dir), site_dir, loaded, BuildRequest(pdf=args.pdf))
        print(f"rebuild with nothing changed (load + generate + MkDocs; PDFs and"
              f" spreadsheets from the cache): {time.perf_counter() - t0:.1f} s")

    if args.serve:
        serve_rebuild(reviews_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
