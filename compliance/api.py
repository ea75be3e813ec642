"""REST API /api/v1/compliance/...: the dashboard's summary, servant list, trend and exports (HR officers for
their subtrees, administrators everywhere), the national overview (analysts and administrators: aggregates only)
and the signed-in servant's own status. Scope as on the pages: a body or unit outside the subtree is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance import dashboard as D
from compliance import exports
from compliance import selectors as sel
from compliance import serializers as S
from compliance.models import TrainingRecord
from compliance.records import external_training_upload
from compliance.services import training_record_reject, training_record_verify
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant
from people.permissions import actor_for
from people.selectors import bodies_visible_to

DEFAULT_PAGE_SIZE = 50


class UsesDashboard(BasePermission):
    message = _("The compliance dashboard is for HR officers and administrators.")

    def has_permission(self, request, view):
        return D.can_use_dashboard(request.user)


class SeesNationalFigures(BasePermission):
    message = _("National figures are available to analysts and administrators only.")

    def has_permission(self, request, view):
        return actor_for(request.user).sees_national_figures


def _filters(request, query_serializer=S.FilterQuerySerializer) -> tuple[D.Filters, dict]:
    query = query_serializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    paging = {k: data.pop(k) for k in ("page", "page_size") if k in data}
    return D.resolve_filters(request.user, **data), paging


class _DashboardView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, UsesDashboard]
    pagination_class = None


class SummaryView(_DashboardView):
    serializer_class = S.ComplianceSummarySerializer

    @extend_schema(operation_id="compliance_summary", parameters=[S.FilterQuerySerializer],
                   summary="Counts and rates by status, by unit and by corps and category (HR subtree)")
    def get(self, request):
        f, _paging = _filters(request)
        b = D.breakdown(request.user, f)
        data = {"rule": f.rule, "as_of": f.as_of, "body": f.body, "total": b.total, "counts": b.counts,
                "rates": b.rates, "by_unit": b.by_unit, "by_corps_category": b.by_corps_category}
        return Response(self.get_serializer(data).data)


class ServantListView(_DashboardView):
    serializer_class = S.ComplianceStatusPageSerializer

    @extend_schema(operation_id="compliance_servants", parameters=[S.ListQuerySerializer],
                   summary="Servants with status, due date and last qualifying training (filtered, sorted, paged)")
    def get(self, request):
        f, paging = _filters(request, S.ListQuerySerializer)
        page, size = paging.get("page", 1), paging.get("page_size", DEFAULT_PAGE_SIZE)
        total = D.list_total(D.breakdown(request.user, f), f)
        rows = D.servant_page(request.user, f, limit=size, offset=(page - 1) * size)
        if page > 1 and not rows:
            raise Http404("no such page")
        return Response(self.get_serializer({"count": total, "page": page, "page_size": size,
                                             "results": rows}).data)


class TrendView(_DashboardView):
    serializer_class = S.ComplianceTrendSerializer

    @extend_schema(operation_id="compliance_trend", parameters=[S.FilterQuerySerializer],
                   summary="Counts and rates at each of the last 12 month ends (cached for an hour)")
    def get(self, request):
        f, _paging = _filters(request)
        return Response(self.get_serializer({"rule": f.rule, "points": D.trend(request.user, f)}).data)


class _ExportView(_DashboardView):
    serializer_class = S.ListQuerySerializer  # only for the schema's parameters


class ExportCsvView(_ExportView):
    @extend_schema(operation_id="compliance_export_csv", parameters=[S.ListQuerySerializer],
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary="The servant list as CSV: every page, the same filters and columns as on screen")
    def get(self, request):
        f, _paging = _filters(request, S.ListQuerySerializer)
        return exports.csv_response(request.user, f)


class ExportXlsxView(_ExportView):
    @extend_schema(operation_id="compliance_export_xlsx", parameters=[S.ListQuerySerializer],
                   responses={(200, exports.XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary="The servant list as an Excel workbook (XLSX)")
    def get(self, request):
        f, _paging = _filters(request, S.ListQuerySerializer)
        return exports.xlsx_response(request.user, f)


class NationalView(generics.GenericAPIView):
    serializer_class = S.ComplianceNationalSerializer
    permission_classes = [IsAuthenticated, SeesNationalFigures]
    pagination_class = None

    @extend_schema(operation_id="compliance_national", parameters=[S.NationalQuerySerializer],
                   summary="National overview by region and state body: aggregates only, no personal data")
    def get(self, request):
        query = S.NationalQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        body = None
        if data.get("body"):
            body = bodies_visible_to(request.user).filter(code=data["body"]).first()
            if body is None:
                raise Http404("no such body")
        overview = D.national_overview(request.user, rule=data.get("rule", D.R.THREE_YEAR),
                                       as_of=data.get("as_of"), body=body)
        return Response(self.get_serializer(overview).data)


class MeView(generics.GenericAPIView):
    queryset = CivilServant.objects.none()  # for the schema generator; the servant comes from request.user
    serializer_class = S.ComplianceMyStatusSerializer
    pagination_class = None

    @extend_schema(operation_id="compliance_me", responses=S.ComplianceMyStatusSerializer(many=True),
                   summary="The signed-in servant's own status under every rule that applies to them")
    def get(self, request):
        return Response(self.get_serializer(D.my_statuses(request.user), many=True).data)


# --- training records: the servant's own, uploads with evidence, HR's list and verification -----------------

def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class MyTrainingView(generics.ListAPIView):
    serializer_class = S.TrainingRecordSerializer
    permission_classes = [IsAuthenticated]
    queryset = TrainingRecord.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingRecord.objects.none()
        return sel.my_training(self.request.user).select_related("servant")


class ExternalUploadView(APIView):
    """The servant uploads training taken elsewhere with its certificate (multipart)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": S.ExternalUploadSerializer},
                   responses={201: S.TrainingRecordSerializer})
    def post(self, request):
        data = _valid(S.ExternalUploadSerializer, request.data)
        servant = CivilServant.objects.filter(user=request.user).first()
        if servant is None:
            raise NotAllowed(_("Only civil servants can upload training."))
        record = external_training_upload(servant=servant, actor=request.user, **data)
        return Response(S.TrainingRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class TrainingRecordsView(generics.ListAPIView):
    """HR: training records of the servants in scope. Filters: course_type, source, pending=1, q, year."""

    serializer_class = S.TrainingRecordSerializer
    permission_classes = [IsAuthenticated]
    queryset = TrainingRecord.objects.none()  # for the schema; get_queryset scopes

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("course_type", "source", "pending", "q", "year")])
    def get(self, request, *args, **kwargs):
        if not sel.can_view_hr_records(request.user):
            raise NotAllowed()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingRecord.objects.none()
        p = self.request.query_params
        year = p.get("year", "")
        if year and not year.isdigit():
            raise ApplicationError("invalid", _("year must be a number."))
        return sel.training_records_for_hr(self.request.user, course_type=p.get("course_type", ""),
                                           source=p.get("source", ""), pending=p.get("pending") == "1",
                                           q=p.get("q", "")[:100], year=int(year) if year else None)


class TrainingRecordVerifyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=S.TrainingRecordSerializer)
    def post(self, request, pk: int):
        if not sel.can_view_hr_records(request.user):
            raise Http404
        record = get_object_or_404(sel.training_records_for_hr(request.user), pk=pk)
        return Response(S.TrainingRecordSerializer(training_record_verify(record=record, actor=request.user)).data)


class TrainingRecordRejectView(APIView):
    """HR refuses a servant's upload with a reason (the servant sees it); it never counts."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=S.RejectSerializer, responses=S.TrainingRecordSerializer)
    def post(self, request, pk: int):
        if not sel.can_view_hr_records(request.user):
            raise Http404
        record = get_object_or_404(sel.training_records_for_hr(request.user), pk=pk)
        data = _valid(S.RejectSerializer, request.data)
        return Response(S.TrainingRecordSerializer(
            training_record_reject(record=record, actor=request.user, reason=data["reason"])).data)
