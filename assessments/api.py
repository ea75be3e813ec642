"""REST API /api/v1/assessments/: banks (faculty: list, import, export), quizzes and attempts (learners:
their own only), essay queue, overrides, item analysis (faculty of the course). Objects outside the user's
scope are 404; writes go through services (refusals are ApplicationError)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import analysis, banks, selectors, serializers, services
from assessments.models import AttemptQuestion, Quiz
from lms import import_jobs
from lms.api_jobs import queued_response


def _report(report) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [
            {"question": e.row, "line": getattr(e, "line", 0), "message": e.message, "text": str(e)}
            for e in report.errors
        ],
        "summary": report.summary_line(),
        "format": report.layout,
        "dry_run": report.dry_run,
    }


class BankListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=serializers.BankSerializer(many=True))
    def get(self, request):
        from django.db.models import Count

        qs = (
            selectors.banks_visible_to(request.user)
            .select_related("course")
            .annotate(question_count=Count("questions"))
        )
        return Response(serializers.BankSerializer(qs, many=True).data)


class BankImportView(APIView):
    """Upload a GIFT or Moodle XML file into a bank (created if needed). 400 with one error per problem
    (question position and, for GIFT, line) and nothing written. A large file (more than IMPORT_JOB_MIN_ROWS
    questions or IMPORT_JOB_MIN_BYTES) is queued as an import job: 202 with the job and its Location."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=serializers.ImportSerializer, responses=None)
    def post(self, request, code: str):
        form = serializers.ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]  # not past QUESTION_UPLOAD_MAX_BYTES (the serializer refuses it)
        content, fmt = upload.read(), form.validated_data.get("format")
        language, dry_run = form.validated_data.get("language"), form.validated_data["dry_run"]
        if import_jobs.is_large(content, upload.name, units=banks.question_count(content, fmt)):
            banks.bank_import_check(bank_code=code, actor=request.user, fmt=fmt, language=language)
            return queued_response(
                import_jobs.import_job_create(
                    owner=request.user,
                    kind="questions",
                    content=content,
                    filename=upload.name,
                    dry_run=dry_run,
                    params={"bank_code": code, "fmt": fmt, "language": language},
                )
            )
        report = banks.bank_import(
            bank_code=code,
            content=content,
            actor=request.user,
            fmt=fmt,
            language=language,
            dry_run=dry_run,
            filename=upload.name,
        )
        return Response(
            _report(report), status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        )


class BankExportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "text/plain"): str})
    def get(self, request, code: str):
        bank = get_object_or_404(selectors.banks_visible_to(request.user), code=code)
        # not "format": DRF reads that parameter for content negotiation
        fmt = request.query_params.get("dialect", "gift")
        text = banks.bank_export(
            bank=bank, actor=request.user, fmt=fmt, language=request.query_params.get("language")
        )
        response = HttpResponse(
            text,
            content_type="application/xml; charset=utf-8" if fmt == "xml" else "text/plain; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{bank.code}.{"xml" if fmt == "xml" else "gift"}"'
        )
        return response


def _quiz_for_learner(request, pk: int) -> Quiz:
    """A quiz of a course version the user is taking (or manages); 404 otherwise."""
    from courses.selectors import progress_for

    quiz = Quiz.objects.select_related("lesson__version", "course").filter(pk=pk).first()
    if quiz is None:
        raise Http404
    if selectors.quizzes_managed_by(request.user).filter(pk=pk).exists():
        return quiz
    if progress_for(request.user, quiz.lesson.version) is None:
        raise Http404
    return quiz


class QuizView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=None)
    def get(self, request, pk: int):
        quiz = _quiz_for_learner(request, pk)
        for attempt in selectors.attempts_of(request.user, quiz).filter(status="in_progress"):
            services.attempt_close_if_overdue(attempt=attempt)
        return Response(serializers.quiz_payload(quiz, selectors.attempts_of(request.user, quiz)))


class AttemptStartView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=None)
    def post(self, request, pk: int):
        quiz = _quiz_for_learner(request, pk)
        attempt = services.attempt_start(quiz=quiz, user=request.user)
        return Response(
            serializers.attempt_payload(attempt, selectors.attempt_rows(attempt), review=False),
            status=status.HTTP_201_CREATED,
        )


def _attempt(request, pk: int):
    attempt = selectors.attempt_for(request.user, pk)
    if attempt is None:
        raise Http404
    return services.attempt_close_if_overdue(attempt=attempt)


def _own(request, attempt):
    if attempt.user_id != request.user.pk:
        raise Http404
    return attempt


class AttemptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=None)
    def get(self, request, pk: int):
        attempt = _attempt(request, pk)
        review = selectors.review_allowed(attempt, request.user)
        return Response(serializers.attempt_payload(attempt, selectors.attempt_rows(attempt), review=review))


class AnswerView(APIView):
    """Autosave one answer (option indexes as shown, or text)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(request=serializers.AnswerSerializer, responses=None)
    def put(self, request, pk: int, position: int):
        attempt = _own(request, _attempt(request, pk))
        form = serializers.AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        row = services.attempt_save_answer(
            attempt=attempt, user=request.user, position=position, response=form.validated_data["response"]
        )
        return Response({"position": row.position, "saved": True, "answered_at": row.answered_at})


class SubmitView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=serializers.SubmitSerializer, responses=None)
    def post(self, request, pk: int):
        attempt = selectors.own_attempt(request.user, pk)  # the service locks and re-reads it
        if attempt is None:
            raise Http404
        form = serializers.SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        attempt = services.attempt_submit(
            attempt=attempt, user=request.user, responses=form.validated_data.get("responses")
        )
        data = serializers.attempt_summary(attempt)
        data["result"] = serializers.attempt_result(attempt)
        return Response(data)


class OverrideView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=serializers.OverrideSerializer, responses=None)
    def post(self, request, pk: int):
        attempt = selectors.attempt_for(request.user, pk)
        if (
            attempt is None
            or not selectors.quizzes_managed_by(request.user).filter(pk=attempt.quiz_id).exists()
        ):
            raise Http404
        form = serializers.OverrideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        attempt = services.attempt_override(attempt=attempt, actor=request.user, **form.validated_data)
        return Response(serializers.attempt_result(attempt))


class EssayQueueView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=None)
    def get(self, request):
        rows = selectors.essay_queue(request.user)[:200]
        return Response(
            [
                {
                    "id": r.pk,
                    "attempt": r.attempt_id,
                    "quiz": r.attempt.quiz_id,
                    "position": r.position,
                    "question": r.question.text,
                    "response": r.response,
                    "learner": r.attempt.user.get_full_name() or r.attempt.user.username,
                }
                for r in rows
            ]
        )


class EssayGradeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=serializers.EssayGradeSerializer, responses=None)
    def post(self, request, pk: int):
        row = get_object_or_404(
            AttemptQuestion.objects.filter(attempt__quiz__in=selectors.quizzes_managed_by(request.user)),
            pk=pk,
        )
        form = serializers.EssayGradeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        row = services.essay_grade(
            row=row,
            actor=request.user,
            rubric_scores=form.validated_data["rubric_scores"],
            comment=form.validated_data["comment"],
        )
        return Response({"id": row.pk, "score": str(row.score)})


class StatisticsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=None)
    def get(self, request, pk: int):
        quiz = get_object_or_404(selectors.quizzes_managed_by(request.user), pk=pk)
        stats = analysis.quiz_statistics(quiz)
        return Response(
            {
                **{k: v for k, v in stats.__dict__.items() if k != "questions"},
                "questions": [q.__dict__ for q in stats.questions],
            }
        )
