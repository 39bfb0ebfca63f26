"""What every business-case API view shares: the documented errors, the page envelope and answers."""

from typing import Any

from django.db.models import Model

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

TAG = "business cases"


def answer(
    request: Request,
    instance: Model,
    serializer: type[serializers.Serializer],
    status_code: int = status.HTTP_200_OK,
) -> Response:
    """Return ``instance`` as ``serializer`` shows it; a 201 also names its address in ``Location``."""
    data = serializer(instance, context={"request": request}).data
    headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else None
    return Response(data, status=status_code, headers=headers)


def validated(serializer_class: type[serializers.Serializer], request: Request, **context: Any) -> Any:
    """Return the validated data of the request body, or raise the 400 of its field errors."""
    serializer = serializer_class(
        data=request.data, partial=request.method == "PATCH", context={"request": request, **context}
    )
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
