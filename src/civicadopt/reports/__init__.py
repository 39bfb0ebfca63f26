"""Reports: one report model, several renderers (HTML, PDF, DOCX, XLSX).

Apps build a :class:`~civicadopt.reports.model.Report` from stored calculation runs and hand it to
:func:`~civicadopt.reports.registry.render` with a renderer name. Importing this package is cheap: the
renderers import WeasyPrint, python-docx, openpyxl and CairoSVG only when they run.
"""
