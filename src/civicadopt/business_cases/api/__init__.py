"""The business-case REST API under ``/api/v1/``: cases, options, lines, calculation runs and imports.

It follows ``civicadopt.api`` exactly: explicit input and output serializers, thin views, reads through
selectors scoped to the user's organisations (another organisation's record answers 404, like a missing
one), writes only through ``business_cases.services`` (which check the role and write the audit entry)
and the API's one JSON error shape. The URLs are listed in ``civicadopt.api.urls``.
"""
