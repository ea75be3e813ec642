"""REST API /api/v1/ for people and organisations: one view per use case, every queryset from
people.selectors (already scoped to the actor), so objects outside the scope are simply 404."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from lms import import_jobs
from lms.api_jobs import ImportJobSerializer, queued_response
from lms.models import AuditEntry
from people import selectors, serializers, services
from people.filters import AuditEntryFilter, CivilServantFilter, StateBodyFilter
from people.models import CivilServant, EmploymentRecord, Region, Role, StateBody
from people.permissions import actor_for


class SeesPersonalRecords(BasePermission):
    """Analysts, faculty and partners work with aggregates only: refuse clearly instead of an empty list."""

    message = _("Your role gives access to aggregate figures only, not to personal records of civil servants.")

    def has_permission(self, request, view):
        actor = actor_for(request.user)
        return bool(actor.is_admin or actor.hr_body_paths or actor.managed_unit_ids or actor.has(Role.SERVANT))


class ViewsAudit(BasePermission):
    message = _("Only administrators may read the audit log.")

    def has_permission(self, request, view):
        return actor_for(request.user).can_view_audit


class ImportsPersonnel(BasePermission):
    message = _("Only HR officers and administrators may import personnel data.")

    def has_permission(self, request, view):
        return actor_for(request.user).can_import_personnel


def _schema_generation(view) -> bool:
    """drf-spectacular builds views without a real request; give it an empty queryset of the right model."""
    return getattr(view, "swagger_fake_view", False)


class MeView(generics.GenericAPIView):
    serializer_class = serializers.MeSerializer

    def get_object(self):
        return self.request.user

    @extend_schema(operation_id="me_retrieve", summary="The signed-in user, roles with scopes, preferences")
    def get(self, request):
        return Response(self.get_serializer(request.user).data)

    @extend_schema(operation_id="me_update_preferences", request=serializers.PreferencesSerializer,
                   responses=serializers.MeSerializer, summary="Change interface language and time zone")
    def patch(self, request):
        prefs = serializers.PreferencesSerializer(data=request.data)
        prefs.is_valid(raise_exception=True)
        services.user_set_preferences(user=request.user, language=prefs.validated_data.get("preferred_language"),
                                      time_zone=prefs.validated_data.get("time_zone"))
        return Response(self.get_serializer(request.user).data)


class RegionListView(generics.ListAPIView):
    """Regions are public reference data: every signed-in user sees all of them."""

    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.all()
    filterset_fields = ["kind"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    ordering_fields = ["code", "name_ru"]


class BodyListView(generics.ListAPIView):
    serializer_class = serializers.StateBodySerializer
    filterset_class = StateBodyFilter
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    ordering_fields = ["code", "name_ru", "depth", "path"]
    ordering = ["path"]

    def get_queryset(self):
        if _schema_generation(self):
            return StateBody.objects.none()
        return selectors.bodies_visible_to(self.request.user)


class BodyDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.StateBodySerializer
    lookup_field = "code"

    def get_queryset(self):
        if _schema_generation(self):
            return StateBody.objects.none()
        return selectors.bodies_visible_to(self.request.user)


class BodyHeadcountView(generics.GenericAPIView):
    """Active servants of a body's subtree by corps and category, and per child body (drill-down)."""

    serializer_class = serializers.BodyHeadcountSerializer
    lookup_field = "code"

    def get_queryset(self):
        if _schema_generation(self):
            return StateBody.objects.none()
        return selectors.bodies_visible_to(self.request.user)

    def get(self, request, code):
        body = self.get_object()
        rows = selectors.headcount_by_corps_category(user=request.user, body=body)
        children = selectors.headcount_by_child_body(user=request.user, body=body)
        data = {"body": body, "total": sum(r["headcount"] for r in rows),
                "by_corps_category": rows, "by_child_body": children}
        return Response(self.get_serializer(data).data)


def _servants(view):
    if _schema_generation(view):
        return CivilServant.objects.none()
    return selectors.servants_visible_to(view.request.user).select_related("mentor")


class ServantListView(generics.ListAPIView):
    serializer_class = serializers.ServantSerializer
    permission_classes = [IsAuthenticated, SeesPersonalRecords]
    filterset_class = CivilServantFilter
    search_fields = ["personnel_number", "last_name_ru", "first_name_ru", "last_name_kk", "first_name_kk",
                     "last_name_en", "first_name_en"]
    ordering_fields = ["personnel_number", "last_name_ru", "appointed_on", "entered_service_on", "probation_until"]
    ordering = ["last_name_ru", "first_name_ru", "personnel_number"]

    def get_queryset(self):
        return _servants(self)


class ServantDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.ServantDetailSerializer
    permission_classes = [IsAuthenticated, SeesPersonalRecords]
    lookup_field = "personnel_number"

    def get_queryset(self):
        history = EmploymentRecord.objects.select_related("position", "body").order_by("-started_on")
        return _servants(self).prefetch_related(Prefetch("employment", queryset=history))


class AuditListView(generics.ListAPIView):
    serializer_class = serializers.AuditEntrySerializer
    permission_classes = [IsAuthenticated, ViewsAudit]
    filterset_class = AuditEntryFilter
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        return AuditEntry.objects.select_related("actor")


class EkyzmetImportView(generics.GenericAPIView):
    serializer_class = serializers.EkyzmetUploadSerializer
    permission_classes = [IsAuthenticated, ImportsPersonnel]
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "import"

    @extend_schema(
        request={"multipart/form-data": serializers.EkyzmetUploadSerializer},
        responses={200: serializers.EkyzmetImportReportSerializer,
                   202: OpenApiResponse(ImportJobSerializer,
                                        description=_("A large file: queued as an import job; poll its URL.")),
                   400: OpenApiResponse(serializers.EkyzmetImportReportSerializer,
                                        description=_("The file has row errors (nothing was written), "
                                                      "or the upload itself is invalid."))},
        summary="Import personnel from an E-kyzmet export (CSV or XLSX)",
    )
    def post(self, request):
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        from people.ekyzmet import ekyzmet_import  # imported lazily: the importer is a heavy module

        file = upload.validated_data["file"]
        content, dry_run = file.read(), upload.validated_data["dry_run"]
        if import_jobs.is_large(content, file.name):  # refuses past the row cap (400, field "file")
            return queued_response(import_jobs.import_job_create(
                owner=request.user, kind="ekyzmet", content=content, filename=file.name, dry_run=dry_run))
        report = ekyzmet_import(content=content, filename=file.name, actor=request.user, dry_run=dry_run)
        body = serializers.EkyzmetImportReportSerializer(report).data
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)

