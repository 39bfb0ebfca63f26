"""The installable package carries everything the product serves: templates, demo data, USWDS assets."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_wheel_contains_templates_demo_data_and_every_uswds_asset(tmp_path: Path) -> None:
    # given: `make assets` has copied USWDS into static/vendor (make test does it first)
    vendor = REPO / "src" / "civicadopt" / "static" / "vendor" / "uswds"
    assert (vendor / "fonts").is_dir(), "run `make assets` first"
    # when
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # then
    (wheel,) = tmp_path.glob("civicadopt-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "civicadopt/templates/base.html" in names
    assert "civicadopt/accounts/templates/accounts/login.html" in names
    assert "civicadopt/demo/data/demo.json" in names
    assert "civicadopt/demo/data/business_cases.json" in names
    assert "civicadopt/reports/static/reports/report.css" in names
    assert "civicadopt_core/py.typed" in names
    # the compiled American English catalogue: an install runs without gettext
    assert "civicadopt/locale/en_US/LC_MESSAGES/django.mo" in names
    for kind in ("fonts", "img", "css", "js"):
        on_disk = {
            f"civicadopt/static/vendor/uswds/{path.relative_to(vendor).as_posix()}"
            for path in (vendor / kind).rglob("*")
            if path.is_file()
        }
        assert on_disk and on_disk <= names, f"{kind} files missing from the wheel"
