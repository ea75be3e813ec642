"""REST API /api/v1/ for competency frameworks, profiles and gaps. Reads come from the scoped selectors
(people.selectors, competency_framework.selectors): an object outside the actor's scope is simply 404."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from competency_framework import moodle_csv, permissions, selectors, serializers, services
from competency_framework.models import LANGUAGES, Competency, Framework, ProfileRequirement, ScaleLevel
from lms import import_jobs
from lms.api_jobs import ImportJobSerializer, queued_response
from people.models import CivilServant, Position, StateBody
from people.selectors import bodies_visible_to, servants_visible_to

FRAMEWORK_PARAM = OpenApiParameter("framework", str, description="Framework ID number (default: the primary one)")


class ImportsFrameworks(BasePermission):
    message = _("Only APA administrators may import competency frameworks.")

    def has_permission(self, request, view):
        return permissions.can_import_frameworks(request.user)


class ExportsFrameworks(BasePermission):
    message = _("Only APA administrators and faculty may export competency frameworks.")

    def has_permission(self, request, view):
        return permissions.can_export_frameworks(request.user)


class SeesGapReports(BasePermission):
    message = _("Only HR officers, line managers and administrators see competency gaps of units.")

    def has_permission(self, request, view):
        return permissions.can_see_gap_reports(request.user)


def _fake(view) -> bool:
    """drf-spectacular builds views without a real request."""
    return getattr(view, "swagger_fake_view", False)


def framework_from_query(request) -> Framework | None:
    """`?framework=IDNUMBER` (404 when unknown), else None = the primary framework."""
    idnumber = request.GET.get("framework")  # a DRF Request proxies .GET too: pages and API share this
    if not idnumber:
        return None
    return get_object_or_404(selectors.frameworks(), idnumber=idnumber)


def _levels():
    return Prefetch("levels", queryset=ScaleLevel.objects.order_by("value"))


class FrameworkListView(generics.ListAPIView):
    """Frameworks are reference data: every signed-in user reads them."""

    serializer_class = serializers.FrameworkSerializer
    search_fields = ["idnumber", "name_kk", "name_ru", "name_en"]
    ordering_fields = ["idnumber"]
    ordering = ["idnumber"]

    def get_queryset(self):
        return selectors.frameworks().prefetch_related(_levels())


class FrameworkDetailView(generics.RetrieveAPIView):
    """The framework with its scale and its tree (clusters → competencies → indicators); four queries."""

    serializer_class = serializers.FrameworkDetailSerializer
    lookup_field = "idnumber"

    def get_queryset(self):
        return selectors.frameworks().prefetch_related(_levels())

    def get_object(self):
        framework = super().get_object()
        tree = selectors.competency_tree_with_indicators(framework)
        framework.roots = [comp for depth, comp in tree if depth == 0]
        return framework


class CompetencyListView(generics.ListAPIView):
    serializer_class = serializers.CompetencySerializer
    search_fields = ["idnumber", "name_kk", "name_ru", "name_en"]
    ordering_fields = ["idnumber", "sort_order"]
    ordering = ["framework__idnumber", "sort_order", "idnumber"]

    @extend_schema(parameters=[OpenApiParameter("framework", str, description="Framework ID number")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = Competency.objects.filter(framework__in=selectors.frameworks()).select_related("framework", "parent")
        idnumber = self.request.query_params.get("framework") if not _fake(self) else None
        return qs.filter(framework__idnumber=idnumber) if idnumber else qs


class PositionProfileView(generics.GenericAPIView):
    """The competency profile that applies to a post of a body the user may see."""

    serializer_class = serializers.PositionProfileSerializer

    def get_queryset(self):
        if _fake(self):
            return Position.objects.none()
        return Position.objects.filter(body__in=bodies_visible_to(self.request.user).values("pk")).select_related(
            "body")

    @extend_schema(parameters=[FRAMEWORK_PARAM], summary="Resolve the position profile of a post")
    def get(self, request, pk):
        position = get_object_or_404(self.get_queryset(), pk=pk)
        profile = selectors.profile_for_position(position, framework=framework_from_query(request))
        if profile is not None:
            profile.requirements_list = list(
                ProfileRequirement.objects.filter(profile=profile).select_related("competency", "level")
                .order_by("competency__sort_order", "competency__idnumber"))
        return Response(self.get_serializer({"position": position, "profile": profile}).data)


class ServantGapsView(generics.GenericAPIView):
    """Required vs latest assessed levels of one servant: the servant, HR of the subtree, the line manager
    of the unit, administrators."""

    serializer_class = serializers.ServantGapsSerializer

    def get_queryset(self):
        if _fake(self):
            return CivilServant.objects.none()
        return servants_visible_to(self.request.user)

    @extend_schema(parameters=[FRAMEWORK_PARAM], summary="Competency gaps of a civil servant")
    def get(self, request, personnel_number):
        servant = get_object_or_404(self.get_queryset(), personnel_number=personnel_number)
        rows = selectors.servant_gaps(servant, framework=framework_from_query(request))
        return Response(self.get_serializer({"servant": servant, "rows": rows}).data)


def matrix_payload(matrix: selectors.GapMatrix) -> dict:
    """The matrix flattened for the serializer: one cell per unit x competency that has a requirement."""
    cells = [
        {"unit": unit.code if unit else None, "competency": comp.idnumber, "headcount": cell.headcount,
         "assessed": cell.assessed, "below": cell.below, "avg_gap": cell.avg_gap}
        for unit in matrix.units for comp in matrix.competencies
        if (cell := matrix.cells.get((unit.pk if unit else None, comp.pk))) is not None
    ]
    units = [{"code": u.code if u else None, "name": u.name if u else str(_("No unit"))} for u in matrix.units]
    return {"body": matrix.body, "framework": matrix.framework, "competencies": matrix.competencies,
            "unit_refs": units, "cell_rows": cells}


class BodyGapMatrixView(generics.GenericAPIView):
    """Competencies x structural units of a body's subtree, over the servants the user may see."""

    serializer_class = serializers.GapMatrixSerializer
    permission_classes = [IsAuthenticated, SeesGapReports]

    def get_queryset(self):
        if _fake(self):
            return StateBody.objects.none()
        return bodies_visible_to(self.request.user)

    @extend_schema(parameters=[FRAMEWORK_PARAM], summary="Competency gap matrix of a body")
    def get(self, request, code):
        body = get_object_or_404(self.get_queryset(), code=code)
        matrix = selectors.body_gap_matrix(user=request.user, body=body, framework=framework_from_query(request))
        return Response(self.get_serializer(matrix_payload(matrix)).data)


class FrameworkImportView(generics.GenericAPIView):
    serializer_class = serializers.MoodleImportSerializer
    permission_classes = [IsAuthenticated, ImportsFrameworks]
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "import"

    @extend_schema(
        request={"multipart/form-data": serializers.MoodleImportSerializer},
        responses={200: serializers.ImportReportSerializer,
                   202: OpenApiResponse(ImportJobSerializer,
                                        description=_("A large file: queued as an import job; poll its URL.")),
                   400: OpenApiResponse(serializers.ImportReportSerializer,
                                        description=_("The file has row errors (nothing was written), "
                                                      "or the upload itself is invalid."))},
        summary="Import a competency framework from a Moodle CSV",
    )
    def post(self, request):
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        file = data["file"]
        content = file.read()
        if import_jobs.is_large(content, file.name):  # refuses past the row cap (400, field "file")
            return queued_response(import_jobs.import_job_create(
                owner=request.user, kind="competency_framework", content=content, filename=file.name,
                dry_run=data["dry_run"], params={"language": data["language"]}))
        report = services.framework_import_moodle_csv(content=content, actor=request.user, filename=file.name,
                                                      dry_run=data["dry_run"], language=data["language"])
        body = serializers.ImportReportSerializer(report).data
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)


def csv_download(framework: Framework, language: str) -> HttpResponse:
    """Shared by the API and the page: the framework as a Moodle CSV attachment."""
    content = services.framework_export_moodle_csv(framework=framework, language=language)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{moodle_csv.export_filename(framework.idnumber, language)}"'
    return response


class FrameworkExportView(APIView):
    permission_classes = [IsAuthenticated, ExportsFrameworks]

    @extend_schema(
        parameters=[OpenApiParameter("language", str, enum=list(LANGUAGES), description="Text language (en)")],
        responses={(200, "text/csv"): OpenApiTypes.STR}, summary="Export a framework as a Moodle CSV",
    )
    def get(self, request, idnumber):
        framework = get_object_or_404(Framework.objects.all(), idnumber=idnumber)
        language = request.query_params.get("language", "en")
        if language not in LANGUAGES:
            language = "en"
        return csv_download(framework, language)

