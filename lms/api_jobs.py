"""GET /api/v1/import-jobs/<id>/: the status, progress and result of an import job (lms.import_jobs), for its
owner only (anyone else: 404). An import endpoint answers 202 with this body when it queued the file."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms import import_jobs


class ImportJobErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    line = serializers.IntegerField(
        required=False,
        help_text="question imports only: the line of the question in a GIFT file (0 if unknown)",
    )


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    filename = serializers.CharField()
    dry_run = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    progress = serializers.DictField(help_text="done, total (steps) and percent")
    result = serializers.DictField(
        allow_null=True,
        help_text="layout, created, updated, unchanged, dry_run, error_count, summary; null until finished",
    )
    errors = ImportJobErrorSerializer(
        many=True,
        help_text="row errors (the first 1,000); for a question import `row` is the question's number",
    )
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text="this endpoint")
    page = serializers.CharField(help_text="the job's web page")

    def to_representation(self, job):
        done, total, percent = import_jobs.job_progress(job)
        return {
            "id": job.pk,
            "kind": job.kind,
            "filename": job.filename,
            "dry_run": job.dry_run,
            "status": job.status,
            "progress": {"done": done, "total": total, "percent": percent},
            "result": job.result,
            "errors": job.errors,
            "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "url": reverse("api-import-job", args=[job.pk]),
            "page": reverse("imports:job", args=[job.pk]),
        }


class ImportJobView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ImportJobSerializer}, summary="Status and result of an import job")
    def get(self, request, pk: int):
        job = get_object_or_404(import_jobs.jobs_visible_to(request.user), pk=pk)
        return Response(ImportJobSerializer(job).data)


def queued_response(job) -> Response:
    """202 Accepted with the job, for an import endpoint that handed its file to a worker."""
    return Response(
        ImportJobSerializer(job).data,
        status=202,
        headers={"Location": reverse("api-import-job", args=[job.pk])},
    )


urlpatterns = [path("import-jobs/<int:pk>/", ImportJobView.as_view(), name="api-import-job")]
