"""Entering five years of four cost types: twenty "Add a line" submissions against one grid save.

Both go through the real pages with Django's test client on a fresh, migrated SQLite database (test
settings, in a temporary folder): the line form posts one line and follows the redirect back to the
line list (what a person's browser does), the grid is loaded once and saved in one POST. Prints the
requests each way, the seconds (best of 3, each on a fresh option) and the ratio.
"""

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

COSTS = [
    ("Licences", "licences"),
    ("Hosting", "hardware"),
    ("Staff time", "staff_time"),
    ("Training", "training"),
]
YEARS = range(1, 6)
REPEATS = 3


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="civicadopt-bench-grid-"))
    try:
        run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check(condition: bool, what: str) -> None:
    """A benchmark that measured the wrong thing must stop, not print a number."""
    if not condition:
        raise SystemExit(f"bench/line_grid.py: {what}")


def best(function: Callable[[int], int]) -> tuple[float, int]:
    times, requests = [], 0
    for attempt in range(REPEATS):
        gc.collect()
        start = time.perf_counter()
        requests = function(attempt)
        times.append(time.perf_counter() - start)
    return min(times), requests


def run(folder: Path) -> None:
    os.environ["CIVICADOPT_VAR_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicadopt.test_settings"
    os.environ["CIVICADOPT_ALLOWED_HOSTS"] = "testserver"  # the test client's host name
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from civicadopt.business_cases import services
    from civicadopt.business_cases.grid import lines_grid
    from civicadopt.conftest import make_tenant

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    call_command("migrate", verbosity=0)
    tenant = make_tenant("riverton", "Riverton")
    editor = tenant.users["editor"]
    case = services.business_case_create(
        user=editor, initiative=tenant.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    client = Client()
    client.force_login(editor)

    def url(name: str, option: Any) -> str:
        kwargs = {"org": "riverton", "pk": case.initiative_id, "option_pk": option.pk}
        return reverse(f"business_cases:{name}", kwargs=kwargs)

    def one_by_one(attempt: int) -> int:
        option = services.option_create(user=editor, case=case, data={"name": f"Line by line {attempt}"})
        requests = 0
        for name, category in COSTS:
            for year in YEARS:
                response = client.post(url("lines", option), {
                    "kind": "cost", "category": category, "name": name, "year": year, "amount": "1000",
                    "distribution": "triangular"}, follow=True)  # fmt: skip
                check(response.status_code == 200, f"adding a line answered {response.status_code}")
                requests += 1 + len(response.redirect_chain)
        check(option.lines.count() == len(COSTS) * len(YEARS), "not every line was stored")
        return requests

    def grid(attempt: int) -> int:
        option = services.option_create(user=editor, case=case, data={"name": f"Grid {attempt}"})
        check(client.get(url("line-grid", option)).status_code == 200, "the grid did not load")
        shown = lines_grid(option)
        shown.add_blank_rows(len(COSTS))
        data: dict[str, Any] = {"rows": shown.row_count, "fingerprint": shown.fingerprint, "action": "save"}
        for index, (name, category) in enumerate(COSTS):
            data |= {f"r{index}-name": name, f"r{index}-kind": "cost", f"r{index}-category": category}
            data |= {f"r{index}-c{year}": "1000" for year in YEARS}
        response = client.post(url("line-grid", option), data, follow=True)
        check(response.status_code == 200 and b"Grid saved" in response.content, "the grid did not save")
        check(option.lines.count() == len(COSTS) * len(YEARS), "not every line was stored")
        return 2 + len(response.redirect_chain)

    slow, slow_requests = best(one_by_one)
    fast, fast_requests = best(grid)
    cells = len(COSTS) * len(YEARS)
    print(f"{cells} amounts (4 cost types x 5 years), best of {REPEATS}:")
    print(f"  Add a line, one at a time  {slow_requests:3d} requests  {slow:6.3f} s")
    print(f"  The grid, one save         {fast_requests:3d} requests  {fast:6.3f} s")
    print(
        f"  Ratio: {slow / fast:.1f}x less server time, {slow_requests / fast_requests:.0f}x fewer requests"
    )


if __name__ == "__main__":
    main()
