"""Static file storage: hashed names for long caching, gzip-compressed copies, no Brotli.

WhiteNoise also writes Brotli copies when the ``brotli`` module is importable, and it is (WeasyPrint's
font tools bring it in). Brotli at its highest level took over a minute on the USWDS and API-docs files on
every start of ``civicadopt serve``; gzip takes seconds and every browser accepts it.
"""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(**{**kwargs, "use_brotli": False})
