"""The REST API: thin views that validate with a serializer, call a selector or a service, and answer.

Every read goes through a selector scoped to the requesting user's organisations, so another
organisation's record answers 404 exactly like a missing one. Every write goes through
``civicadopt.initiatives.services``, which checks the role, writes the audit entry and enforces the
version; a stale version answers 409 (see ``civicadopt.api.errors``).
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from civicadopt.accounts.selectors import membership_role
from civicadopt.initiatives import permissions
from civicadopt.initiatives.models import Stage
from civicadopt.initiatives.services import initiative_create, initiative_delete, initiative_update

from .responses import errors, paginated
from .selectors import initiative_api_get, initiative_api_search, organisation_api_get, organisation_api_list
from .serializers import (
    InitiativeCreateSerializer,
    InitiativeFilterSerializer,
    InitiativeSerializer,
    InitiativeUpdateSerializer,
    OrganisationSerializer,
    VersionSerializer,
)


def _initiative_response(request: Request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    # Read back through the selector so the answer shows what is stored, relations included.
    initiative = initiative_api_get(user=request.user, pk=pk)
    data = InitiativeSerializer(initiative, context={"request": request}).data
    headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else None
    return Response(data, status=status_code, headers=headers)


class OrganisationListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="organisation_list",
        tags=["organisations"],
        summary="List your organisations, with your role in each",
        responses={200: OrganisationSerializer(many=True), **errors()},
    )
    def get(self, request: Request) -> Response:
        return paginated(self, request, organisation_api_list(user=request.user), OrganisationSerializer)


class OrganisationDetailApi(APIView):
    @extend_schema(
        operation_id="organisation_retrieve",
        tags=["organisations"],
        summary="Read one of your organisations",
        responses={200: OrganisationSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        organisation = organisation_api_get(user=request.user, pk=pk)
        return Response(OrganisationSerializer(organisation).data)


class InitiativeListApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        operation_id="initiative_list",
        tags=["initiatives"],
        summary="List the initiatives of your organisations",
        parameters=[InitiativeFilterSerializer],
        responses={200: InitiativeSerializer(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        filters = InitiativeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        initiatives = initiative_api_search(
            user=request.user,
            organisation_id=filters.validated_data.get("organisation"),
            stage=filters.validated_data.get("stage", ""),
            status=filters.validated_data.get("status", ""),
            q=filters.validated_data.get("q", ""),
        )
        return paginated(self, request, initiatives, InitiativeSerializer)

    @extend_schema(
        operation_id="initiative_create",
        tags=["initiatives"],
        summary="Propose an initiative (contributors and above)",
        description="Only managers and administrators may create an initiative past the idea stage.",
        request=InitiativeCreateSerializer,
        responses={201: InitiativeSerializer, **errors(400, 403)},
    )
    def post(self, request: Request) -> Response:
        serializer = InitiativeCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        # The same rule as a stage change: without it a contributor could propose straight to "funded".
        role = membership_role(user=request.user, organisation_id=organisation.pk)
        if data.get("stage", Stage.IDEA) != Stage.IDEA and not permissions.can_change_stage(role):
            raise PermissionDenied
        initiative = initiative_create(user=request.user, organisation=organisation, data=data)
        return _initiative_response(request, initiative.pk, status.HTTP_201_CREATED)


VERSION_PARAMETER = OpenApiParameter(
    "version",
    int,
    OpenApiParameter.QUERY,
    description="The version you read (may be sent in a JSON body instead); a stale one answers 409.",
)


class InitiativeDetailApi(APIView):
    @extend_schema(
        operation_id="initiative_retrieve",
        tags=["initiatives"],
        summary="Read an initiative",
        responses={200: InitiativeSerializer, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _initiative_response(request, pk)

    @extend_schema(
        operation_id="initiative_update",
        tags=["initiatives"],
        summary="Replace an initiative's fields",
        description=(
            "`title`, `problem_statement` and `version` are required; optional fields left out keep "
            "their value. Contributors may edit initiatives they own; editors any. Changing `stage` "
            "needs a manager or administrator and must pass the stage gates: a 400 lists each unmet one "
            "under `stage`; with `override_gates` and a `stage_note` saying why, a manager moves on anyway."
        ),
        request=InitiativeUpdateSerializer,
        responses={200: InitiativeSerializer, **errors(400, 403, 404, 409)},
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        operation_id="initiative_partial_update",
        tags=["initiatives"],
        summary="Change some of an initiative's fields",
        description="Only `version` is required. The same roles as a full update.",
        request=InitiativeUpdateSerializer,
        responses={200: InitiativeSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        initiative = initiative_api_get(user=request.user, pk=pk)
        serializer = InitiativeUpdateSerializer(
            data=request.data, partial=partial, context={"request": request, "initiative": initiative}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        data.pop("organisation", None)
        stage_note, override = data.pop("stage_note", ""), data.pop("override_gates", False)
        initiative_update(
            user=request.user,
            initiative=initiative,
            expected_version=version,
            data=data,
            stage_note=stage_note,
            override=override,
        )
        return _initiative_response(request, pk)

    @extend_schema(
        operation_id="initiative_destroy",
        tags=["initiatives"],
        summary="Delete an initiative (managers and above)",
        parameters=[VERSION_PARAMETER],
        request=None,
        responses={204: OpenApiResponse(description="Deleted."), **errors(400, 403, 404, 409)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        initiative = initiative_api_get(user=request.user, pk=pk)
        body = request.data if isinstance(request.data, Mapping) else {}
        raw = request.query_params.get("version", body.get("version"))
        version = VersionSerializer(data={} if raw is None else {"version": raw})
        if not version.is_valid():
            raise serializers.ValidationError(version.errors)
        initiative_delete(
            user=request.user, initiative=initiative, expected_version=version.validated_data["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
