"""The options of a business case and their cost and benefit lines: thin views over selectors and services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from civicadopt.api.responses import errors, paginated

from ..services import line_create, line_delete, line_update, option_create, option_delete, option_update
from .common import TAG, answer, validated
from .selectors import business_case_api_get, line_api_get, line_api_list, option_api_get, option_api_list
from .serializers import LineInputSerializer, LineSerializer, OptionInputSerializer, OptionSerializer

DELETED = OpenApiResponse(description="Deleted.")


class OptionListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="business_case_option_list",
        tags=[TAG],
        summary="List a business case's options, business as usual included",
        responses={200: OptionSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        return paginated(self, request, option_api_list(case=case), OptionSerializer)

    @extend_schema(
        operation_id="business_case_option_create",
        tags=[TAG],
        summary="Add an option to a business case",
        request=OptionInputSerializer,
        responses={201: OptionSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        data = validated(OptionInputSerializer, request, case=case)
        option = option_create(user=request.user, case=case, data=data)
        option = option_api_get(user=request.user, pk=option.pk)
        return answer(request, option, OptionSerializer, status.HTTP_201_CREATED)


class OptionDetailApi(APIView):
    @extend_schema(
        operation_id="option_retrieve",
        tags=[TAG],
        summary="Read an option",
        responses={200: OptionSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return answer(request, option_api_get(user=request.user, pk=pk), OptionSerializer)

    @extend_schema(
        operation_id="option_partial_update",
        tags=[TAG],
        summary="Rename, describe or move an option",
        request=OptionInputSerializer,
        responses={200: OptionSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        option = option_api_get(user=request.user, pk=pk)
        data = validated(OptionInputSerializer, request, case=option.business_case, option=option)
        option_update(user=request.user, option=option, data=data)
        return answer(request, option_api_get(user=request.user, pk=pk), OptionSerializer)

    @extend_schema(
        operation_id="option_destroy",
        tags=[TAG],
        summary="Delete an option and its lines",
        description="Business as usual is the baseline every option is compared with: deleting it answers 400.",
        request=None,
        responses={204: DELETED, **errors(400, 403, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        option_delete(user=request.user, option=option_api_get(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LineListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="option_line_list",
        tags=[TAG],
        summary="List an option's cost and benefit lines",
        responses={200: LineSerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        option = option_api_get(user=request.user, pk=pk)
        return paginated(self, request, line_api_list(option=option), LineSerializer)

    @extend_schema(
        operation_id="option_line_create",
        tags=[TAG],
        summary="Add a cost or benefit line to an option",
        description="Amounts are decimal strings (or numbers) with at most 2 decimal places, never negative.",
        request=LineInputSerializer,
        responses={201: LineSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        option = option_api_get(user=request.user, pk=pk)
        data = validated(LineInputSerializer, request)
        line = line_create(user=request.user, option=option, data=data)
        line = line_api_get(user=request.user, pk=line.pk)
        return answer(request, line, LineSerializer, status.HTTP_201_CREATED)


class LineDetailApi(APIView):
    @extend_schema(
        operation_id="line_retrieve",
        tags=[TAG],
        summary="Read a cost or benefit line",
        responses={200: LineSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return answer(request, line_api_get(user=request.user, pk=pk), LineSerializer)

    @extend_schema(
        operation_id="line_partial_update",
        tags=[TAG],
        summary="Change some of a line's fields",
        request=LineInputSerializer,
        responses={200: LineSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        line = line_api_get(user=request.user, pk=pk)
        data = validated(LineInputSerializer, request, line=line)
        line_update(user=request.user, line=line, data=data)
        return answer(request, line_api_get(user=request.user, pk=pk), LineSerializer)

    @extend_schema(
        operation_id="line_destroy",
        tags=[TAG],
        summary="Delete a cost or benefit line",
        request=None,
        responses={204: DELETED, **errors(403, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        line_delete(user=request.user, line=line_api_get(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
