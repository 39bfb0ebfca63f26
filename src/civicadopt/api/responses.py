"""What every API view shares: the documented error answers and the page envelope."""

from typing import Any

from django.db.models import QuerySet

from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import ErrorSerializer

ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid values; see `error.fields`."),
    401: OpenApiResponse(ErrorSerializer, description="No valid API token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Your role does not allow this action."),
    404: OpenApiResponse(ErrorSerializer, description="Missing, or not in one of your organisations."),
    409: OpenApiResponse(ErrorSerializer, description="Stale version; `error.current_version` is current."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Return the documented error answers: 401 always, then ``codes``."""
    return {code: ERRORS[code] for code in (401, *codes)}


def paginated(view: APIView, request: Request, queryset: QuerySet[Any], serializer: type) -> Response:
    """Return one page of ``queryset`` in the project's page envelope (count, next, previous, results)."""
    paginator = view.pagination_class()  # type: ignore[attr-defined]
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True, context={"request": request}).data)
