"""Each format is rendered once per test module: the PDF alone takes about a second."""

import pytest

from civicadopt.reports.model import Report
from civicadopt.reports.registry import RenderedFile, render

from .factories import sample_report


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def rendered(report: Report) -> dict[str, RenderedFile]:
    """Return a cache of the sample report rendered per format, filled on first use."""

    class Cache(dict[str, RenderedFile]):
        def __missing__(self, name: str) -> RenderedFile:
            self[name] = render(report, name)
            return self[name]

    return Cache()
