"""The built-in renderers; importing this package registers them.

Each module imports its rendering library inside the render function, so this import stays cheap.
"""

# Registration order is the order users are offered the formats in: HTML, PDF, Word, Excel.
from . import html, pdf  # isort: split

from . import docx, xlsx

__all__ = ["docx", "html", "pdf", "xlsx"]
