"""Time the Grants.gov extract import on 50,000 generated opportunities in the real schema.

Run with ``.venv/bin/python bench/grants_import.py`` (no extra dependencies). It writes, streaming, a seeded
extract to a temporary folder: 50,000 ``OpportunitySynopsisDetail_1_0`` records and 2,500
``OpportunityForecastDetail_1_0`` records in namespace http://apply.grants.gov/system/OpportunityDetail-V1.0,
with realistic sizes (descriptions of 500 to 3,000 characters with escaped HTML, one to eight
EligibleApplicants, MMDDYYYY dates, about a fifth of the optional fields left out, AwardCeiling ``none``
or 0 now and then), zipped as Grants.gov publishes it. Then, against a fresh SQLite database (the test
settings, migrated, in the same temporary folder), it times:

- parsing alone (``iter_opportunities`` over ``open_extract``, no database), to show what the database
  adds (best of 2);
- the import into the empty catalogue: the figure for the target (under 60 s);
- importing the same file again (everything unchanged; best of 2);
- importing a second extract where every opportunity has a newer version (everything updated);
- the first import again on an emptied catalogue, under ``tracemalloc``, for the peak of Python's heap
  (tracemalloc slows Python down, so that run is not the timed one).

The peak resident memory of the process (``ru_maxrss``, which includes the interpreter, Django and
SQLite's cache) is read after the untraced runs and checked against the 300 MB target. Targets are
printed as ``ok``/``FAIL``, never asserted; the exit status is non-zero only when something crashes.
The temporary folder is deleted at the end.
"""

import gc
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

OPPORTUNITIES = 50_000
FORECASTS = 2_500
SEED = 20260302
TARGET_SECONDS = 60.0
TARGET_MB = 300.0
NAMESPACE = "http://apply.grants.gov/system/OpportunityDetail-V1.0"

WORDS = (  # noqa: SIM905 (a paragraph reads better than a column of words)
    "community infrastructure resilience digital services broadband transit safety planning data "
    "equity rural urban workforce training housing energy efficiency water climate adaptation health "
    "program applicants eligible projects funding federal state local tribal partnership capacity "
    "technical assistance implementation evaluation outcomes performance measures research "
    "innovation pilot demonstration deployment modernization cybersecurity systems network access "
    "affordability"
).split()
AGENCIES = [
    ("DOT-OST", "69A345 Office of the Under Secretary for Policy"),
    ("HHS-CDC-NCEH", "Centers for Disease Control - NCEH"),
    ("DOC-EDA", "Economic Development Administration"),
    ("EPA", "Environmental Protection Agency"),
    ("USDA-RUS", "Rural Utilities Service"),
    ("DHS-DHS", "Department of Homeland Security - FEMA"),
    ("DOC-NTIA", "National Telecommunications and Information Administration"),
    ("IMLS", "Institute of Museum and Library Services"),
    ("DOJ-BJA", "Bureau of Justice Assistance"),
    ("HUD", "Department of Housing and Urban Development"),
]
APPLICANTS = [
    "00",
    "01",
    "02",
    "04",
    "05",
    "06",
    "07",
    "08",
    "11",
    "12",
    "13",
    "20",
    "21",
    "22",
    "23",
    "25",
    "99",
]
CATEGORIES = [
    "AG",
    "CD",
    "DPR",
    "ED",
    "ELT",
    "EN",
    "ENV",
    "HL",
    "HO",
    "IIJ",
    "IS",
    "ISS",
    "NR",
    "RD",
    "ST",
    "T",
]
INSTRUMENTS = ["G", "G", "G", "CA", "PC", "O"]


def words(rng: random.Random, low: int, high: int) -> str:
    """Return text of ``low`` to ``high`` characters, in paragraphs marked with HTML as agencies write it."""
    target = rng.randint(low, high)
    parts: list[str] = []
    length = 0
    while length < target:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
        if rng.random() < 0.15:
            sentence = f"<p>{sentence} Costs & benefits are reviewed.</p>"
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:target]


def mmddyyyy(rng: random.Random, year_low: int, year_high: int) -> str:
    return f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(year_low, year_high)}"


def record(rng: random.Random, number: int, version_offset: int, forecast: bool) -> str:
    def element(name: str, text: str) -> str:
        return f"<{name}>{escape(text)}</{name}>"

    optional = rng.random() > 0.2  # about a fifth of the records leave the optional fields out
    agency_code, agency_name = rng.choice(AGENCIES)
    tag = "OpportunityForecastDetail_1_0" if forecast else "OpportunitySynopsisDetail_1_0"
    ceiling = rng.choice([0, 50_000, 250_000, 1_000_000, 5_000_000, 25_000_000])
    lines = [
        element("OpportunityID", str(300_000 + number)),
        element("OpportunityTitle", words(rng, 30, 200)),
        element("OpportunityNumber", f"{agency_code}-{2026 + number % 3}-{number:06d}"),
        element("OpportunityCategory", rng.choice("DDDDMCEO")),
        *(
            element("FundingInstrumentType", code)
            for code in sorted(set(rng.sample(INSTRUMENTS, rng.randint(1, 2))))
        ),
        *(element("CategoryOfFundingActivity", code) for code in rng.sample(CATEGORIES, rng.randint(1, 3))),
        *(
            element("CFDANumbers", f"{rng.randint(10, 99)}.{rng.randint(1, 999):03d}")
            for _ in range(rng.randint(0, 3))
        ),
        *(element("EligibleApplicants", code) for code in sorted(rng.sample(APPLICANTS, rng.randint(1, 8)))),
    ]
    if optional:
        lines.append(element("AdditionalInformationOnEligibility", words(rng, 50, 800)))
    lines += [
        element("AgencyCode", agency_code),
        element("AgencyName", agency_name),
        element("PostDate", mmddyyyy(rng, 2024, 2026)),
    ]
    if optional and not forecast:
        lines.append(element("CloseDate", mmddyyyy(rng, 2026, 2027)))
    lines += [
        element("LastUpdatedDate", mmddyyyy(rng, 2025, 2026)),
        element("AwardCeiling", "none" if rng.random() < 0.05 else str(ceiling)),
        element("AwardFloor", str(ceiling // 10)),
        element("EstimatedTotalProgramFunding", str(ceiling * rng.randint(1, 40))),
        element("ExpectedNumberOfAwards", str(rng.randint(1, 60))),
        element("Description", words(rng, 500, 3000)),
        element("Version", f"{'Forecast' if forecast else 'Synopsis'} {rng.randint(1, 4) + version_offset}"),
        element("CostSharingOrMatchingRequirement", rng.choice(["Yes", "No"])),
    ]
    if optional:
        lines += [
            element("ArchiveDate", mmddyyyy(rng, 2026, 2027)),
            element(
                "AdditionalInformationURL", f"https://www.grants.gov/search-results-detail/{300_000 + number}"
            ),
            element("AdditionalInformationText", "Full announcement"),
            element("GrantorContactEmail", "grants@example.gov"),
        ]
    return f"  <{tag}>\n    " + "\n    ".join(lines) + f"\n  </{tag}>\n"


def generate(folder: Path, name: str, version_offset: int = 0) -> Path:
    """Write the seeded extract as GrantsDBExtract...zip (streamed: one record in memory at a time)."""
    rng = random.Random(SEED)  # noqa: S311 (test data, not secrets)
    forecast_every = OPPORTUNITIES // FORECASTS
    path = folder / f"{name}.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
        archive.open(f"{name}.xml", "w", force_zip64=True) as out,
    ):
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<Grants xmlns="{NAMESPACE}">\n'.encode())
        number = 0
        for index in range(OPPORTUNITIES):
            out.write(record(rng, number, version_offset, forecast=False).encode())
            number += 1
            if index % forecast_every == forecast_every - 1:
                out.write(record(rng, number, version_offset, forecast=True).encode())
                number += 1
        out.write(b"</Grants>\n")
    return path


def timed(run: Callable[[], Any], repeats: int = 1) -> tuple[float, float, Any]:
    """Return the shortest of ``repeats`` runs (after a garbage collection), its CPU time and its result."""
    best, best_cpu, result = float("inf"), 0.0, None
    for _ in range(repeats):
        result = None
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if elapsed < best:
            best, best_cpu = elapsed, cpu
    return best, best_cpu, result


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def flag(ok: bool) -> str:
    return "ok" if ok else "FAIL"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="civicadopt-grants-bench-"))
    try:
        run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path) -> None:
    os.environ["CIVICADOPT_VAR_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicadopt.test_settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from civicadopt.funding.grants_import import import_grants
    from civicadopt.funding.grantsgov import iter_opportunities, open_extract
    from civicadopt.funding.models import Programme

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print("A CPU time well below the wall clock means other work was running on the machine.")
    print(f"Folder: {folder}")
    start = time.perf_counter()
    extract = generate(folder, "GrantsDBExtract20260302v2")
    newer = generate(folder, "GrantsDBExtract20260303v2", version_offset=1)
    with zipfile.ZipFile(extract) as archive:
        (info,) = archive.infolist()
    print(
        f"Generated {OPPORTUNITIES:,} opportunities and {FORECASTS:,} forecasts twice in "
        f"{time.perf_counter() - start:.1f} s: {info.file_size / 1e6:,.0f} MB of XML, "
        f"{info.compress_size / 1e6:,.0f} MB zipped"
    )
    call_command("migrate", verbosity=0)

    def parse_only() -> int:
        with open_extract(extract) as stream:
            return sum(1 for _ in iter_opportunities(stream))

    def load(path: Path) -> Any:
        with open_extract(path) as stream:
            return import_grants(stream)

    def empty_catalogue() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Programme._meta.db_table}")  # noqa: S608 (a table name, not input)

    seconds, cpu, records = timed(parse_only, repeats=2)
    print(f"\nParse only         {seconds:6.1f} s (CPU {cpu:5.1f} s)  {records / seconds:8,.0f} records/s")
    seconds, cpu, summary = timed(lambda: load(extract))
    rss = max_rss_mb()
    print(
        f"Import, empty      {seconds:6.1f} s (CPU {cpu:5.1f} s)  {OPPORTUNITIES / seconds:8,.0f} records/s  "
        f"created {summary.created:,}, skipped {summary.skipped:,}, problems {len(summary.problems):,}  "
        f"target < {TARGET_SECONDS:.0f} s: {flag(seconds < TARGET_SECONDS)}"
    )
    seconds, cpu, summary = timed(lambda: load(extract), repeats=2)
    print(
        f"Re-import, same    {seconds:6.1f} s (CPU {cpu:5.1f} s)  {OPPORTUNITIES / seconds:8,.0f} records/s  "
        f"created {summary.created:,}, unchanged {summary.unchanged:,}"
    )
    seconds, cpu, summary = timed(lambda: load(newer))
    rss = max(rss, max_rss_mb())
    print(
        f"Import, all newer  {seconds:6.1f} s (CPU {cpu:5.1f} s)  {OPPORTUNITIES / seconds:8,.0f} records/s  "
        f"updated {summary.updated:,}, unchanged {summary.unchanged:,}"
    )
    print(
        f"Peak resident memory (ru_maxrss), whole process: {rss:,.0f} MB  target < {TARGET_MB:.0f} MB: {flag(rss < TARGET_MB)}"
    )

    empty_catalogue()
    tracemalloc.start()
    seconds, _, summary = timed(lambda: load(extract))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"Import, empty, under tracemalloc: {seconds:.1f} s, created {summary.created:,}; "
        f"peak of Python's heap {peak / 2**20:,.1f} MB"
    )


if __name__ == "__main__":
    main()
