"""REST API /api/v1/ for course runs, applications and training records. Reads come from
enrollment.selectors_offerings (scoped: what the caller may not see is a 404), writes from the services."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from courses import selectors as courses_selectors
from enrollment import applications as app_services
from enrollment import offerings as run_services
from enrollment import selectors_offerings as sel
from enrollment import serializers as s
from enrollment.models import Application, Offering
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant
from people.selectors import servants_visible_to


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class OfferingListView(generics.ListAPIView):
    """GET: course runs not yet finished. Filters: course_type, language, funding, open=1, q.
    POST: schedule a run of a published version (APA administrators; faculty for courses they author)."""

    serializer_class = s.OfferingSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("course_type", "language", "funding", "open", "q")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return sel.offerings_filtered(course_type=p.get("course_type", ""), language=p.get("language", ""),
                                      funding=p.get("funding", ""), open_now=p.get("open") == "1",
                                      q=p.get("q", "")[:100])

    @extend_schema(request=s.OfferingWriteSerializer, responses={201: s.OfferingSerializer})
    def post(self, request):
        data = _valid(s.OfferingWriteSerializer, request.data)
        version = courses_selectors.version_with_course(data.pop("version"))
        if version is None:
            raise ApplicationError("invalid", _("Check the highlighted fields."),
                                   extra={"fields": {"version": [str(_("No such course version."))]}})
        offering = run_services.offering_create(version=version, actor=request.user, **data)
        return Response(s.OfferingSerializer(_managed(request, offering.pk)).data, status=status.HTTP_201_CREATED)


def _managed(request, pk):
    return sel.offerings_managed_list(request.user).get(pk=pk)


def _offering_or_404(pk) -> Offering:
    """Any existing run (the catalog is public): someone else's run is a 403 from the service, not a 404."""
    return get_object_or_404(Offering.objects.select_related("version__course"), pk=pk)


class OfferingDetailView(APIView):
    """GET: one run. PATCH: edit it (administrators; faculty for courses they author)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.OfferingSerializer)
    def get(self, request, pk: int):
        offering = sel.offering_detail(pk)
        if offering is None:
            from django.http import Http404
            raise Http404
        return Response(s.OfferingSerializer(offering).data)

    @extend_schema(request=s.OfferingWriteSerializer, responses=s.OfferingSerializer)
    def patch(self, request, pk: int):
        offering = _offering_or_404(pk)
        serializer = s.OfferingWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" in data or "code" in data:
            raise ApplicationError("invalid", _("Check the highlighted fields."), extra={"fields": {
                f: [str(_("This cannot be changed."))] for f in ("version", "code") if f in data}})
        run_services.offering_update(offering=offering, actor=request.user, **data)
        return Response(s.OfferingSerializer(_managed(request, pk)).data)


class OfferingCancelView(APIView):
    """Cancel a run: open applications are closed, places and vouchers released, applicants notified."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.OfferingCancelSerializer, responses=s.OfferingSerializer)
    def post(self, request, pk: int):
        offering = _offering_or_404(pk)
        data = _valid(s.OfferingCancelSerializer, request.data)
        run_services.offering_cancel(offering=offering, actor=request.user, reason=data["reason"])
        return Response(s.OfferingSerializer(_managed(request, pk)).data)


class ManagedOfferingListView(generics.ListAPIView):
    """Runs the caller manages (administrators all, faculty their courses). Filter: when=upcoming|running|
    past|cancelled."""

    serializer_class = s.OfferingSerializer
    permission_classes = [IsAuthenticated]
    queryset = Offering.objects.none()  # for the schema; get_queryset scopes

    @extend_schema(parameters=[OpenApiParameter("when", str)])
    def get(self, request, *args, **kwargs):
        if not sel.can_manage_runs(request.user):
            raise NotAllowed()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Offering.objects.none()
        return sel.offerings_managed_list(self.request.user, when=self.request.query_params.get("when", ""))


class ApplicationListView(generics.ListAPIView):
    """GET: applications the caller may see (?mine=1: own only). POST: apply (own) or, with personnel_number,
    nominate (HR of the servant's body)."""

    serializer_class = s.ApplicationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if self.request.query_params.get("mine") == "1":
            return sel.my_applications(self.request.user)
        return sel.applications_visible_to(self.request.user).order_by("-created_at")

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationSerializer})
    def post(self, request):
        data = _valid(s.ApplicationCreateSerializer, request.data)
        offering = get_object_or_404(Offering, pk=data["offering"])
        number = (data.get("personnel_number") or "").strip()
        if number:
            servant = get_object_or_404(servants_visible_to(request.user), personnel_number=number)
            application = app_services.application_nominate(offering=offering, servant=servant, actor=request.user,
                                                            voucher_code=data["voucher_code"],
                                                            comment=data["motivation"])
        else:
            servant = CivilServant.objects.filter(user=request.user).first()
            if servant is None:
                raise NotAllowed(_("Only civil servants can apply."))
            application = app_services.application_create(offering=offering, servant=servant, actor=request.user,
                                                          voucher_code=data["voucher_code"],
                                                          motivation=data["motivation"])
        return Response(s.ApplicationSerializer(sel.applications_visible_to(request.user).get(pk=application.pk)).data,
                        status=status.HTTP_201_CREATED)


def _visible(request, pk):
    return get_object_or_404(sel.applications_visible_to(request.user), pk=pk)


def _fresh(request, application):
    return Response(s.ApplicationSerializer(sel.applications_visible_to(request.user).get(pk=application.pk)).data)


class ApplicationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ApplicationSerializer)
    def get(self, request, pk: int):
        return Response(s.ApplicationSerializer(_visible(request, pk)).data)


class ApplicationWithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ApplicationCommentSerializer, responses=s.ApplicationSerializer)
    def post(self, request, pk: int):
        data = _valid(s.ApplicationCommentSerializer, request.data)
        app = app_services.application_withdraw(application=_visible(request, pk), actor=request.user,
                                                reason=data["comment"])
        return _fresh(request, app)


class ApplicationApproveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ApplicationCommentSerializer, responses=s.ApplicationSerializer)
    def post(self, request, pk: int):
        data = _valid(s.ApplicationCommentSerializer, request.data)
        app = app_services.application_approve(application=_visible(request, pk), actor=request.user,
                                               comment=data["comment"])
        return _fresh(request, app)


class ApplicationRejectView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ApplicationReasonSerializer, responses=s.ApplicationSerializer)
    def post(self, request, pk: int):
        data = _valid(s.ApplicationReasonSerializer, request.data)
        app = app_services.application_reject(application=_visible(request, pk), actor=request.user,
                                              reason=data["reason"])
        return _fresh(request, app)


class ApplicationCompleteView(APIView):
    """The provider confirms completion (idempotent); the response carries the certificate number."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ApplicationCompleteSerializer, responses=s.ApplicationSerializer)
    def post(self, request, pk: int):
        data = _valid(s.ApplicationCompleteSerializer, request.data)
        app = run_services.completion_confirm(application=_visible(request, pk), actor=request.user,
                                              override=data["override"])
        return _fresh(request, app)
