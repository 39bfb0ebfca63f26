"""Pages under load: requests/s and p50/p95/p99 at 20 signed-in users, as ratios to a static file.

One run does everything: a fresh SQLite database in a temporary folder, the demo loaded, the real
``civicadopt serve`` (gunicorn, several worker processes) on a free port of 127.0.0.1, 20 sessions
signed in, then a closed loop per page: 20 users, each sending its next request as soon as the last
one answered, for a fixed time after a warm-up. The load comes from this process's own worker
processes (threads with ``http.client`` and kept-alive connections), never from the server's.

Each page's p95 is divided by the p95 of a static file (our stylesheet, served by the same server
through WhiteNoise) measured in the same run, so the ratio does not depend on the machine. Target:
every page within 5x; a page over it is printed as FAIL. The exit status is non-zero only when the
script itself fails.

    .venv/bin/python bench/pages.py                  # about 2 minutes
    .venv/bin/python bench/pages.py --seconds 3      # shorter
    .venv/bin/python bench/pages.py --workers 5 --threads 1
"""

import argparse
import http.client
import math
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

# The command installed next to the Python running this script (the project's venv).
CIVICADOPT = Path(sys.executable).with_name("civicadopt")
USERS = 20
TARGET = 5.0
HOST = "127.0.0.1"
DEMO_USER = "admin"
DEMO_PASSWORD = "riverton-demo-2026"  # noqa: S105 - the demo's public password (demo/data/demo.json)
LOAD_PROCESSES = 2
# Pages not started by then are skipped (and printed as such), so one run stays under 3 minutes.
TIME_LIMIT = 120


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=1.5, help="unmeasured seconds per page first")
    parser.add_argument("--workers", type=int, default=None, help="passed to civicadopt serve")
    parser.add_argument("--threads", type=int, default=None, help="passed to civicadopt serve")
    parser.add_argument("--server", default="auto", help="passed to civicadopt serve")
    args = parser.parse_args()

    print(f"CPUs: {os.cpu_count()}  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="civicadopt-bench-"))
    port = free_port()
    server = start_server(folder, port, args)
    try:
        print(f"server ready in {time.perf_counter() - started:.1f} s: {server_banner(folder)}")
        cookies = sign_in_users(port, USERS)
        pages = discover_pages(port, cookies[0], folder / "civicadopt.sqlite3")
        results = {}
        for label, path in pages:
            if time.perf_counter() - started > TIME_LIMIT:
                print(f"skipped {label}: the run is past {TIME_LIMIT} s (a busy machine?)")
                continue
            results[label] = run_load(port, path, cookies, args.warmup, args.seconds)
            results[label]["alone"] = alone(port, path, cookies[0])
        report(results)
    finally:
        stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path, port: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    # The default database, as a new install has it: SQLite in the var folder, with WAL (settings.py).
    # A DATABASE_URL in the caller's environment would point the bench at their database: removed.
    environ = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environ["CIVICADOPT_VAR_DIR"] = str(folder)
    command = [str(CIVICADOPT), "serve", "--host", HOST, "--port", str(port), "--server", args.server]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen(command, env=environ, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("civicadopt serve stopped:\n" + (folder / "serve.log").read_text())
        try:
            if request(port, "GET", "/health/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("civicadopt serve did not answer within 120 s")


def server_banner(folder: Path) -> str:
    lines = (folder / "serve.log").read_text().splitlines()
    return next((line for line in lines if "is serving at" in line), "?").strip()


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- HTTP ----------------------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, *, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        cookies = [value for name, value in response.getheaders() if name.lower() == "set-cookie"]
        found = dict(cookie.split(";", 1)[0].split("=", 1) for cookie in cookies)
        return response.status, found, response.read()
    finally:
        connection.close()


def sign_in(port: int) -> str:
    """Sign the demo administrator in once; return the Cookie header of that session."""
    status, cookies, body = request(port, "GET", "/account/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise SystemExit(f"sign-in page answered {status}")
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": DEMO_USER, "password": DEMO_PASSWORD}
    )
    status, answered, _ = request(
        port,
        "POST",
        "/account/login/",
        headers={
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/account/login/",
        },
        body=form,
    )
    if status != 302 or "sessionid" not in answered:
        raise SystemExit(f"sign-in failed with {status}")
    return f"sessionid={answered['sessionid']}; csrftoken={cookies['csrftoken']}"


def sign_in_users(port: int, count: int) -> list[str]:
    cookies: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        cookie = sign_in(port)
        with lock:
            cookies.append(cookie)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(cookies) != count:
        raise SystemExit("not every user could sign in")
    return cookies


def discover_pages(port: int, cookie: str, database: Path) -> list[tuple[str, str]]:
    """Return (label, path) of the static file and the pages, on the demo initiative with most tasks."""
    with sqlite3.connect(database) as db:
        initiative, slug = db.execute(
            "SELECT p.initiative_id, o.slug FROM planning_plan p "
            "JOIN planning_task t ON t.plan_id = p.id "
            "JOIN initiatives_initiative i ON i.id = p.initiative_id "
            "JOIN accounts_organisation o ON o.id = i.organisation_id "
            "GROUP BY p.id ORDER BY COUNT(t.id) DESC, p.id LIMIT 1"
        ).fetchone()
        tasks = db.execute(
            "SELECT COUNT(*) FROM planning_task t JOIN planning_plan p ON p.id = t.plan_id "
            "WHERE p.initiative_id = ?",
            (initiative,),
        ).fetchone()[0]
        risks = db.execute(
            "SELECT COUNT(*) FROM risks_risk WHERE initiative_id = ?", (initiative,)
        ).fetchone()[0]
    status, _, body = request(port, "GET", f"/o/{slug}/", headers={"Cookie": cookie})
    stylesheet = re.search(rb'href="(/static/civicadopt/[^"]+\.css)"', body)
    if status != 200 or stylesheet is None:
        raise SystemExit(f"dashboard answered {status} without our stylesheet")
    print(f"pages of initiative {initiative} ({tasks} tasks, {risks} risks) in /o/{slug}/, {USERS} users")
    base = f"/o/{slug}/initiatives/{initiative}"
    return [
        ("static file", stylesheet.group(1).decode()),
        ("dashboard", f"/o/{slug}/"),
        ("initiative", f"{base}/"),
        ("plan", f"{base}/plan/"),
        ("Gantt", f"{base}/plan/gantt/"),
        ("risk register", f"{base}/risks/"),
        ("catalogue", f"/o/{slug}/funding/programmes/"),
        ("API list", "/api/v1/initiatives/"),
    ]


# --- the load ------------------------------------------------------------------------------------


def alone(port: int, path: str, cookie: str, count: int = 9) -> float:
    """Return the median seconds of one request with nobody else asking: the page's own cost."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": cookie, "Accept": "application/json" if path.startswith("/api/") else "text/html"}
    times = []
    try:
        for _ in range(count):
            sent = time.perf_counter()
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
            times.append(time.perf_counter() - sent)
    finally:
        connection.close()
    return sorted(times)[len(times) // 2]


def run_load(port: int, path: str, cookies: list[str], warmup: float, seconds: float) -> dict[str, float]:
    """Run the closed loop on one page from LOAD_PROCESSES processes; return its figures."""
    begin = time.time() + 0.5  # every process starts together
    measure_from, measure_to = begin + warmup, begin + warmup + seconds
    shares = [cookies[index::LOAD_PROCESSES] for index in range(LOAD_PROCESSES)]
    with ProcessPoolExecutor(LOAD_PROCESSES) as pool:
        parts = list(
            pool.map(
                _load_process, [(port, path, share, begin, measure_from, measure_to) for share in shares]
            )
        )
    latencies = sorted(latency for part in parts for latency in part[0])
    errors = sum(part[1] for part in parts)
    count = len(latencies)
    return {
        "requests": count,
        "errors": errors,
        "rate": count / seconds,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
    }


def _load_process(job: tuple[int, str, list[str], float, float, float]) -> tuple[list[float], int]:
    port, path, cookies, begin, measure_from, measure_to = job
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(cookie: str) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        headers = {
            "Cookie": cookie,
            "Accept": "application/json" if path.startswith("/api/") else "text/html",
        }
        mine: list[float] = []
        failed = 0
        time.sleep(max(0.0, begin - time.time()))
        while True:
            sent = time.time()
            if sent >= measure_to:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            answered = time.time()
            if sent >= measure_from:
                if ok:
                    mine.append(answered - sent)
                else:
                    failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=user, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def percentile(values: list[float], rank: float) -> float:
    """Return the nearest-rank percentile of sorted ``values`` (nan when there are none)."""
    if not values:
        return float("nan")
    index = max(0, min(len(values) - 1, math.ceil(rank / 100 * len(values)) - 1))
    return values[index]


def report(results: dict[str, dict[str, float]]) -> None:
    static = results["static file"]
    print()
    print(
        f"{'page':<15}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  p95 / static"
        f"{'alone ms':>11}  alone / static"
    )
    for label, figures in results.items():
        ratio = figures["p95"] / static["p95"]
        verdict = (
            "" if label == "static file" else ("ok" if ratio <= TARGET and not figures["errors"] else "FAIL")
        )
        print(
            f"{label:<15}{figures['rate']:>9.1f}{figures['p50'] * 1000:>9.1f}{figures['p95'] * 1000:>9.1f}"
            f"{figures['p99'] * 1000:>9.1f}{figures['errors']:>8.0f}  {ratio:>7.2f}x {verdict:<4}"
            f"{figures['alone'] * 1000:>9.1f}  {figures['alone'] / static['alone']:>8.1f}x"
        )
    print(f"target: every page's p95 at {USERS} users within {TARGET:g}x the static file's, no errors")
    print(
        "'alone' is one request with nobody else asking (median of 9): under a closed loop that keeps "
        "every core busy, the p95 ratio follows the ratio of these costs."
    )


if __name__ == "__main__":
    sys.exit(main())
