"""REST API /api/v1/scholarships/: applicants (calls, their application, documents, submit, explanation,
accept/decline), reviewers (assigned reviews, scores, conflicts) and the committee (reviewer assignment, runs,
publication, exports, spend). Objects are looked up inside the actor's scope, so others' objects are 404."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.errors import ApplicationError, NotAllowed
from scholarships import exports, reviews, runs, selectors, serializers, services
from scholarships.documents import max_bytes
from scholarships.explanations import explain
from scholarships.models import AllocationRun, Application, Review
from scholarships.permissions import is_committee


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _application(request, pk) -> Application:
    return get_object_or_404(selectors.with_details(selectors.applications_visible_to(request.user)), pk=pk)


def _committee_call(request, code):
    if not is_committee(request.user):
        raise NotAllowed(_("Only the scholarship committee may do this."))
    return get_object_or_404(selectors.calls_visible_to(request.user), code=code)


def _run(request, pk) -> AllocationRun:
    return get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)


class CallListView(generics.ListAPIView):
    serializer_class = serializers.GrantCallSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.calls_visible_to(self.request.user).order_by("-applications_close_at", "code")


class CallDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.GrantCallSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.calls_visible_to(self.request.user)


class ApplicationListView(generics.ListAPIView):
    """Own applications; for reviewers also the assigned ones; for the committee all (filter ?call=CODE)."""

    serializer_class = serializers.GrantApplicationListSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.applications_visible_to(self.request.user).order_by("pk")
        code = self.request.query_params.get("call")
        return qs.filter(call__code=code) if code else qs

    @extend_schema(
        request=serializers.GrantCreateSerializer, responses=serializers.GrantApplicationSerializer
    )
    def post(self, request):
        data = _valid(serializers.GrantCreateSerializer, request.data)
        call = get_object_or_404(selectors.calls_visible_to(request.user), code=data["call"])
        application = services.application_create(call=call, actor=request.user)
        return Response(
            serializers.GrantApplicationSerializer(_application(request, application.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ApplicationDetailView(APIView):
    @extend_schema(responses=serializers.GrantApplicationSerializer)
    def get(self, request, pk):
        return Response(serializers.GrantApplicationSerializer(_application(request, pk)).data)

    @extend_schema(
        request=serializers.GrantApplicationWriteSerializer, responses=serializers.GrantApplicationSerializer
    )
    def patch(self, request, pk):
        application = _application(request, pk)
        data = _valid(serializers.GrantApplicationWriteSerializer, request.data, partial=True)
        preferences = data.pop("preferences", None)
        if data:
            services.application_update(application=application, actor=request.user, **data)
        if preferences is not None:
            services.application_set_preferences(
                application=application, actor=request.user, programme_codes=preferences
            )
        return Response(serializers.GrantApplicationSerializer(_application(request, pk)).data)


class DocumentUploadView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": serializers.GrantDocumentUploadSerializer},
        responses=serializers.GrantApplicationSerializer,
    )
    def post(self, request, pk):
        application = _application(request, pk)
        data = _valid(serializers.GrantDocumentUploadSerializer, request.data)
        upload = data["file"]
        if upload.size > max_bytes():
            raise ApplicationError(
                "document_too_large",
                _("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
                extra={"field": "file"},
            )
        services.document_upload(
            application=application,
            actor=request.user,
            kind=data["kind"],
            data=upload.read(),
            name=upload.name,
        )
        return Response(
            serializers.GrantApplicationSerializer(_application(request, pk)).data,
            status=status.HTTP_201_CREATED,
        )


class SubmitView(APIView):
    @extend_schema(request=None, responses=serializers.GrantApplicationSerializer)
    def post(self, request, pk):
        services.application_submit(application=_application(request, pk), actor=request.user)
        return Response(serializers.GrantApplicationSerializer(_application(request, pk)).data)


class RespondView(APIView):
    @extend_schema(
        request=serializers.GrantRespondSerializer, responses=serializers.GrantApplicationSerializer
    )
    def post(self, request, pk):
        data = _valid(serializers.GrantRespondSerializer, request.data)
        services.application_respond(
            application=_application(request, pk), actor=request.user, accept=data["decision"] == "accept"
        )
        return Response(serializers.GrantApplicationSerializer(_application(request, pk)).data)


class ExplanationView(APIView):
    @extend_schema(responses=serializers.GrantExplanationSerializer)
    def get(self, request, pk):
        application = _application(request, pk)
        if application.applicant_id != request.user.pk and not is_committee(request.user):
            raise NotAllowed()
        result = selectors.published_result(application)
        if result is None:
            raise ApplicationError("no_results", _("No published results yet."), http_status=404)
        return Response(explain(application, result))


class ReviewListView(generics.ListAPIView):
    serializer_class = serializers.GrantReviewSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.reviews_assigned_to(self.request.user)


def _own_review(request, pk) -> Review:
    return get_object_or_404(selectors.reviews_assigned_to(request.user), pk=pk)


class ReviewSubmitView(APIView):
    @extend_schema(
        request=serializers.GrantReviewWriteSerializer, responses=serializers.GrantReviewSerializer
    )
    def post(self, request, pk):
        data = _valid(serializers.GrantReviewWriteSerializer, request.data)
        review = reviews.review_submit(
            review=_own_review(request, pk),
            actor=request.user,
            scores=data["scores"],
            comment=data.get("comment", ""),
        )
        return Response(serializers.GrantReviewSerializer(review).data)


class ConflictView(APIView):
    @extend_schema(request=serializers.GrantConflictSerializer, responses=serializers.GrantReviewSerializer)
    def post(self, request, pk):
        data = _valid(serializers.GrantConflictSerializer, request.data)
        review = reviews.review_declare_conflict(
            review=_own_review(request, pk), actor=request.user, reason=data["reason"]
        )
        return Response(serializers.GrantReviewSerializer(review).data)


class AssignReviewersView(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, code):
        return Response(reviews.reviewers_assign(call=_committee_call(request, code), actor=request.user))


class RunListView(generics.ListAPIView):
    serializer_class = serializers.GrantRunSerializer
    filter_backends = []

    def get_queryset(self):
        call = _committee_call(self.request, self.kwargs["code"])
        return selectors.runs_visible_to(self.request.user, call=call)

    @extend_schema(request=None, responses=serializers.GrantRunSerializer)
    def post(self, request, code):
        run = runs.run_create(call=_committee_call(request, code), actor=request.user)
        return Response(serializers.GrantRunSerializer(run).data, status=status.HTTP_201_CREATED)


class RunDetailView(APIView):
    @extend_schema(responses=serializers.GrantRunSerializer)
    def get(self, request, pk):
        return Response(serializers.GrantRunSerializer(_run(request, pk)).data)


class RunPublishView(APIView):
    @extend_schema(request=None, responses=serializers.GrantRunSerializer)
    def post(self, request, pk):
        return Response(
            serializers.GrantRunSerializer(runs.run_publish(run=_run(request, pk), actor=request.user)).data
        )


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RunExportView(APIView):
    """instance.json (anonymised; `allocate_scholarships --instance` reads it), results.csv, results.xlsx."""

    @extend_schema(
        operation_id="scholarships_runs_export",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk, fmt):
        run = _run(request, pk)
        name = f"{run.call.code}-round{run.round}"
        if fmt == "instance.json":
            return _download(exports.instance_json(run), "application/json", f"{name}-instance.json")
        if fmt == "results.csv":
            return _download(exports.results_csv(run), "text/csv; charset=utf-8", f"{name}-results.csv")
        if fmt == "results.xlsx":
            return _download(
                exports.results_xlsx(run),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"{name}.xlsx",
            )
        raise ApplicationError("unknown_format", _("Unknown export format."), http_status=404)


class SpendView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        report = exports.spend_report(_committee_call(request, code))
        return Response(
            {
                **report,
                "rows": [
                    {**r, "committed": str(r["committed"]), "pending": str(r["pending"])}
                    for r in report["rows"]
                ],
                "by_country": {k: str(v) for k, v in report["by_country"].items()},
                **{k: str(report[k]) for k in ("budget", "committed", "pending", "remaining")},
            }
        )
