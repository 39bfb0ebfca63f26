"""Business cases, their calculation runs and line imports: thin views over selectors and services.

Reads go through ``.selectors`` (another organisation's record answers 404, like a missing one); writes
go through ``business_cases.services`` and ``business_cases.imports``, which check the role (403), write
the audit entry and enforce the version (409).
"""

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from civicadopt.api.responses import errors, paginated

from ..imports import MAX_BYTES, LinesTableError, lines_import
from ..services import business_case_calculate, business_case_create, business_case_update
from .common import TAG, answer, validated
from .selectors import business_case_api_get, business_case_api_search, run_api_get, run_api_list
from .serializers import (
    BusinessCaseCreateSerializer,
    BusinessCaseFilterSerializer,
    BusinessCaseSerializer,
    BusinessCaseUpdateSerializer,
    CalculateSerializer,
    ImportResultSerializer,
    ImportSerializer,
    RunSerializer,
    RunSummarySerializer,
)


class BusinessCaseListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="business_case_list",
        tags=[TAG],
        summary="List the business cases of your organisations",
        parameters=[BusinessCaseFilterSerializer],
        responses={200: BusinessCaseSerializer(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        filters = BusinessCaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        cases = business_case_api_search(
            user=request.user, initiative_id=filters.validated_data.get("initiative")
        )
        return paginated(self, request, cases, BusinessCaseSerializer)

    @extend_schema(
        operation_id="business_case_create",
        tags=[TAG],
        summary="Start the business case of an initiative (who may edit the initiative)",
        description="An initiative has at most one business case; it starts with a business-as-usual option.",
        request=BusinessCaseCreateSerializer,
        responses={201: BusinessCaseSerializer, **errors(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = validated(BusinessCaseCreateSerializer, request)
        initiative = data.pop("initiative")
        case = business_case_create(user=request.user, initiative=initiative, data=data)
        case = business_case_api_get(user=request.user, pk=case.pk)
        return answer(request, case, BusinessCaseSerializer, status.HTTP_201_CREATED)


class BusinessCaseDetailApi(APIView):
    @extend_schema(
        operation_id="business_case_retrieve",
        tags=[TAG],
        summary="Read a business case's settings",
        responses={200: BusinessCaseSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return answer(request, business_case_api_get(user=request.user, pk=pk), BusinessCaseSerializer)

    @extend_schema(
        operation_id="business_case_partial_update",
        tags=[TAG],
        summary="Change some of a business case's settings",
        description="Only `version` is required; a stale one answers 409. Who may edit the initiative.",
        request=BusinessCaseUpdateSerializer,
        responses={200: BusinessCaseSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        data = validated(BusinessCaseUpdateSerializer, request)
        version = data.pop("version")
        business_case_update(user=request.user, case=case, expected_version=version, data=data)
        return answer(request, business_case_api_get(user=request.user, pk=pk), BusinessCaseSerializer)


class CalculateApi(APIView):
    @extend_schema(
        operation_id="business_case_calculate",
        tags=[TAG],
        summary="Appraise every option and store the run",
        description=(
            "NPV, BCR, IRR, payback and more for each option, against business as usual. When any line has "
            "a low-high range, a seeded Monte Carlo simulation runs too. The body is optional."
        ),
        request=CalculateSerializer,
        responses={201: RunSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        data = validated(CalculateSerializer, request)
        try:
            run = business_case_calculate(
                user=request.user, case=case, iterations=data["iterations"], seed=data.get("seed")
            )
        except ValueError as exc:
            # The core refuses inputs it cannot compute with (e.g. a lognormal range from zero).
            raise serializers.ValidationError(
                [_("These lines cannot be calculated: %(problem)s") % {"problem": exc}]
            ) from exc
        return answer(
            request, run_api_get(user=request.user, pk=run.pk), RunSerializer, status.HTTP_201_CREATED
        )


class RunListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="business_case_run_list",
        tags=[TAG],
        summary="List a business case's calculation runs, newest first",
        responses={200: RunSummarySerializer(many=True), **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        return paginated(self, request, run_api_list(case=case), RunSummarySerializer)


class RunDetailApi(APIView):
    @extend_schema(
        operation_id="run_retrieve",
        tags=[TAG],
        summary="Read a calculation run: its inputs and results",
        responses={200: RunSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return answer(request, run_api_get(user=request.user, pk=pk), RunSerializer)


class ImportApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="business_case_import",
        tags=[TAG],
        summary="Import cost and benefit lines from a CSV or Excel file, all or nothing",
        description=(
            "Send `multipart/form-data`. Every problem is listed under `error.fields.file`, by row and "
            "column; nothing is written unless every row is valid."
        ),
        request=ImportSerializer,
        responses={
            201: OpenApiResponse(ImportResultSerializer, description="Imported."),
            **errors(400, 403, 404),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        case = business_case_api_get(user=request.user, pk=pk)
        data = validated(ImportSerializer, request)
        upload = data["file"]
        try:
            # One byte past the limit is enough for the import to refuse a file that is too large.
            count = lines_import(
                user=request.user,
                case=case,
                content=upload.read(MAX_BYTES + 1),
                filename=upload.name,
                replace=data["replace"],
            )
        except LinesTableError as error:
            raise serializers.ValidationError({"file": [str(problem) for problem in error.errors]}) from error
        return Response(ImportResultSerializer({"imported": count}).data, status=status.HTTP_201_CREATED)
