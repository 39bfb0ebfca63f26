"""``civicadopt serve``: gunicorn with several workers where it can run, waitress otherwise, proxy trust."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from civicadopt.cli import main
from civicadopt.cli.common import UsageError
from civicadopt.cli.forwarded import TrustedProxyHeaders, trusted_proxy
from civicadopt.cli.serve import choose_server, gunicorn_options, worker_count

PROXY = {"CIVICADOPT_BEHIND_PROXY": "1", "CIVICADOPT_TRUSTED_PROXY": "10.0.0.5"}


def test_gunicorn_is_chosen_on_posix_and_waitress_when_asked():
    assert choose_server("auto") == ("gunicorn" if os.name == "posix" else "waitress")
    assert choose_server("waitress") == "waitress"


def test_gunicorn_refused_plainly_where_it_cannot_run(monkeypatch):
    monkeypatch.setattr("civicadopt.cli.serve.os.name", "nt")
    assert choose_server("auto") == "waitress"
    with pytest.raises(UsageError, match="--server waitress"):
        choose_server("gunicorn")


def test_workers_come_from_the_option_then_the_environment_then_the_cores():
    assert worker_count(3, {"CIVICADOPT_WORKERS": "5"}) == 3
    assert worker_count(None, {"CIVICADOPT_WORKERS": "5"}) == 5
    assert worker_count(None, {}) == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("value", ["0", "many", "65", "-1"])
def test_a_wrong_worker_count_in_the_environment_is_named(value):
    with pytest.raises(UsageError, match="CIVICADOPT_WORKERS"):
        worker_count(None, {"CIVICADOPT_WORKERS": value})


def test_gunicorn_trusts_forwarded_headers_from_the_configured_proxy_only():
    assert gunicorn_options("127.0.0.1", 8000, 2, 2, {})["forwarded_allow_ips"] == ""
    options = gunicorn_options("::1", 8000, 3, 2, PROXY)
    assert options["forwarded_allow_ips"] == "10.0.0.5"
    assert options["bind"] == ["[::1]:8000"]
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 2, "gthread")


def _seen(environ):
    seen = {}

    def application(environ, start_response):
        seen.update(environ)
        return [b""]

    TrustedProxyHeaders(application, trusted=trusted_proxy(PROXY))(environ, lambda *a: None)
    return seen


def test_the_trusted_proxy_gives_the_client_address_host_and_scheme():
    seen = _seen(
        {
            "REMOTE_ADDR": "10.0.0.5",
            "HTTP_HOST": "10.0.0.9:8000",
            "wsgi.url_scheme": "http",
            "HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.7",
            "HTTP_X_FORWARDED_HOST": "adopt.example.gov",
            "HTTP_X_FORWARDED_PROTO": "https",
        }
    )
    # the last X-Forwarded-For entry is the one the trusted proxy added; earlier ones the client wrote
    assert seen["REMOTE_ADDR"] == "198.51.100.7"
    assert (seen["HTTP_HOST"], seen["wsgi.url_scheme"]) == ("adopt.example.gov", "https")


def test_forwarded_headers_from_anyone_else_are_dropped():
    seen = _seen(
        {
            "REMOTE_ADDR": "203.0.113.1",
            "HTTP_HOST": "adopt.example.gov",
            "wsgi.url_scheme": "http",
            "HTTP_X_FORWARDED_FOR": "10.9.9.9",
            "HTTP_X_FORWARDED_PROTO": "https",
        }
    )
    assert seen["REMOTE_ADDR"] == "203.0.113.1"
    assert seen["wsgi.url_scheme"] == "http"
    assert "HTTP_X_FORWARDED_PROTO" not in seen
    assert "HTTP_X_FORWARDED_FOR" not in seen


def test_without_a_proxy_nothing_is_trusted_or_changed():
    assert trusted_proxy({}) is None
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    seen = {}
    TrustedProxyHeaders(lambda e, s: seen.update(e) or [b""], trusted=None)(dict(environ), None)
    assert seen == environ


@pytest.mark.django_db
def test_serve_hands_over_to_gunicorn_with_workers_and_threads(monkeypatch, settings, tmp_path, capsys):
    # given: gunicorn's arbiter is replaced, so the test does not block on a real server
    settings.STATIC_ROOT = tmp_path / "static"
    served = {}
    monkeypatch.setattr(
        "civicadopt.cli.serve.run_gunicorn", lambda app, options: served.update(app=app, **options)
    )

    # when
    code = main(["serve", "--port", "8124", "--workers", "3", "--threads", "4", "--no-demo"])

    # then
    assert code == 0
    assert served["bind"] == ["127.0.0.1:8124"]
    assert (served["workers"], served["threads"]) == (3, 4)
    assert isinstance(served["app"], TrustedProxyHeaders)
    assert "3 worker processes x 4 threads" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts worker processes through /proc (Linux)")
def test_serve_runs_several_worker_processes_that_answer(tmp_path):
    # given: a real `civicadopt serve` on a free local port, with its own empty database
    port = _free_port()
    environ = {
        **os.environ,
        "CIVICADOPT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "civicadopt.settings",
    }
    command = [sys.executable, "-c", "from civicadopt.cli import main; raise SystemExit(main())"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", "2", "--no-demo"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # when: it has answered once
        status = None
        deadline = time.monotonic() + 90
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.2)

        # then: a 200, from one of several worker processes under the one we started
        assert status == 200, server.stdout.read().decode() if server.poll() is not None else "no answer"
        assert len(_children(server.pid)) >= 2
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output.decode()
    assert "2 worker processes" in output.decode()


def test_the_api_rate_counts_are_shared_by_every_worker_process(tmp_path):
    # given: the production cache settings, as each worker process of `serve` builds them
    from django.core.cache.backends.filebased import FileBasedCache

    from civicadopt import settings as production

    backend = production.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    location = str(tmp_path / "cache")

    # when: another process counts a request
    script = (
        "from django.conf import settings; settings.configure(); "
        "from django.core.cache.backends.filebased import FileBasedCache; "
        f"FileBasedCache({location!r}, {{}}).set('throttle_user_1', [1.0], 60)"
    )
    subprocess.run([sys.executable, "-c", script], check=True)

    # then: this process sees it
    assert FileBasedCache(location, {}).get("throttle_user_1") == [1.0]
