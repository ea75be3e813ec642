"""REST API /api/v1/ for courses: catalog, detail, authoring (faculty, scoped to the courses they author),
review (administrators) and the learner's progress. Thin views: querysets from courses.selectors (objects
outside the user's scope are 404), writes through courses.services (refusals are ApplicationError)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from courses import selectors, serializers, services
from courses.models import (
    Course,
    CourseProgress,
    CourseType,
    CourseVersion,
    Lesson,
    Module,
    Provider,
    VersionStatus,
)
from courses.permissions import can_create_courses, can_edit_course
from lms.errors import ApplicationError


class CreatesCourses(BasePermission):
    message = _("Only APA faculty and administrators may create courses.")

    def has_permission(self, request, view):
        return request.method != "POST" or can_create_courses(request.user)


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


def _detail(version: CourseVersion, *, with_completeness: bool = False) -> CourseVersion:
    version.outline = selectors.version_outline(version)
    if with_completeness:
        version.completeness = selectors.version_language_completeness(version)
    return version


def _editable_course(request, code: str) -> Course:
    return get_object_or_404(selectors.courses_editable_by(request.user), code=code)


def _draft(request, code: str) -> CourseVersion:
    version = selectors.working_version(_editable_course(request, code))
    if version is None:
        raise ApplicationError("no_draft", _("This course has no draft. Start a new draft first."), http_status=404)
    return version


class CourseTypeListView(generics.ListAPIView):
    serializer_class = serializers.CourseTypeSerializer
    queryset = CourseType.objects.all()
    pagination_class = None
    filter_backends = []


class ProviderListView(generics.ListAPIView):
    serializer_class = serializers.ProviderSerializer
    queryset = Provider.objects.filter(is_active=True)
    pagination_class = None
    filter_backends = []


class CatalogView(generics.ListAPIView):
    """Published courses; `q` searches titles, summaries and competency names in kk, ru and en."""

    serializer_class = serializers.CatalogItemSerializer
    permission_classes = [IsAuthenticated, CreatesCourses]
    filter_backends = []

    def get_queryset(self):
        if _fake(self):
            return CourseVersion.objects.none()
        params = serializers.CatalogQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        return selectors.catalog(
            q=p.get("q", ""), competency=p.get("competency"), min_level=p.get("min_level"),
            course_type=p.get("type"), provider=p.get("provider"), delivery_format=p.get("delivery_format"),
            language=p.get("language"), hours_min=p.get("hours_min"), hours_max=p.get("hours_max"),
            sort=p.get("sort", "title"),
        )

    @extend_schema(parameters=[serializers.CatalogQuerySerializer], summary="Catalog of published courses")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=serializers.CourseCreateSerializer, responses={201: serializers.VersionDetailSerializer},
                   summary="Create a course (faculty, administrators); version 1 is a draft")
    def post(self, request):
        data = serializers.CourseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = services.course_create(actor=request.user, **data.validated_data)
        version = _detail(course.versions.get(), with_completeness=True)
        return Response(serializers.VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


class CourseDetailView(generics.GenericAPIView):
    serializer_class = serializers.VersionDetailSerializer

    @extend_schema(summary="A course: the published version (or the one the learner started); authors and "
                           "administrators also see an unpublished course's working version")
    def get(self, request, code):
        course = get_object_or_404(Course.objects.select_related("published_version"), code=code)
        version = selectors.version_for_learner(request.user, course)
        if version is None and can_edit_course(request.user, course):
            version = selectors.working_version(course)
        if version is None:
            raise Http404
        return Response(self.get_serializer(_detail(version)).data)


class DraftView(generics.GenericAPIView):
    serializer_class = serializers.VersionDetailSerializer
    parser_classes = [JSONParser]

    @extend_schema(summary="The working version (draft or in review) with its translation completeness")
    def get(self, request, code):
        return Response(self.get_serializer(_detail(_draft(request, code), with_completeness=True)).data)

    @extend_schema(request=serializers.VersionInputSerializer, summary="Edit the draft")
    def patch(self, request, code):
        version = _draft(request, code)
        data = serializers.VersionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        version = services.version_update(version=version, actor=request.user, **data.validated_data)
        return Response(self.get_serializer(_detail(version, with_completeness=True)).data)


class DraftCompetenciesView(generics.GenericAPIView):
    serializer_class = serializers.MappingSerializer
    queryset = Course.objects.none()  # for the schema's path parameter; lookups go through selectors

    @extend_schema(request=serializers.CompetencyMappingInputSerializer,
                   responses=serializers.MappingSerializer(many=True),
                   summary="Replace the competencies the draft develops")
    def get_object(self):
        # DRF's OPTIONS metadata calls get_object() for PUT; the default one asserts a `pk` URL kwarg.
        return _draft(self.request, self.kwargs["code"])

    def put(self, request, code):
        version = self.get_object()
        data = serializers.CompetencyMappingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.version_set_competencies(version=version, actor=request.user,
                                                 items=data.validated_data["items"])
        return Response(self.get_serializer(rows, many=True).data)


class DraftModulesView(generics.GenericAPIView):
    serializer_class = serializers.ModuleSerializer

    @extend_schema(request=serializers.ModuleInputSerializer, responses={201: serializers.ModuleSerializer},
                   summary="Add a module to the draft")
    def post(self, request, code):
        version = _draft(request, code)
        data = serializers.ModuleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        module = services.module_create(version=version, actor=request.user, **data.validated_data)
        module.ordered_lessons = []
        return Response(self.get_serializer(module).data, status=status.HTTP_201_CREATED)


def _module(request, pk: int) -> Module:
    return get_object_or_404(Module.objects.filter(version__course__in=selectors.courses_editable_by(request.user)),
                             pk=pk)


def _lesson(request, pk: int) -> Lesson:
    return get_object_or_404(Lesson.objects.filter(version__course__in=selectors.courses_editable_by(request.user)),
                             pk=pk)


class ModuleView(generics.GenericAPIView):
    serializer_class = serializers.ModuleSerializer

    @extend_schema(request=serializers.ModuleInputSerializer, summary="Rename a module")
    def patch(self, request, pk):
        data = serializers.ModuleInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "position"}
        module = services.module_update(module=_module(request, pk), actor=request.user, **fields)
        module.ordered_lessons = list(module.lessons.order_by("position"))
        return Response(self.get_serializer(module).data)

    @extend_schema(responses={204: None}, summary="Delete a module and its lessons")
    def delete(self, request, pk):
        services.module_delete(module=_module(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ModuleMoveView(generics.GenericAPIView):
    serializer_class = serializers.ModuleSerializer

    @extend_schema(request=serializers.MoveSerializer, summary="Move a module to a position (1-based)")
    def post(self, request, pk):
        data = serializers.MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        module = services.module_move(module=_module(request, pk), position=data.validated_data["position"],
                                      actor=request.user)
        module.ordered_lessons = list(module.lessons.order_by("position"))
        return Response(self.get_serializer(module).data)


class ModuleLessonsView(generics.GenericAPIView):
    serializer_class = serializers.LessonSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=serializers.LessonInputSerializer, responses={201: serializers.LessonSerializer},
                   summary="Add a lesson to a module")
    def post(self, request, pk):
        data = serializers.LessonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lesson = services.lesson_create(module=_module(request, pk), actor=request.user, **data.validated_data)
        return Response(self.get_serializer(lesson).data, status=status.HTTP_201_CREATED)


class LessonView(generics.GenericAPIView):
    serializer_class = serializers.LessonSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=serializers.LessonInputSerializer, summary="Edit a lesson")
    def patch(self, request, pk):
        data = serializers.LessonInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "position"}
        lesson = services.lesson_update(lesson=_lesson(request, pk), actor=request.user, **fields)
        return Response(self.get_serializer(lesson).data)

    @extend_schema(responses={204: None}, summary="Delete a lesson")
    def delete(self, request, pk):
        services.lesson_delete(lesson=_lesson(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LessonMoveView(generics.GenericAPIView):
    serializer_class = serializers.LessonSerializer

    @extend_schema(request=serializers.MoveSerializer, summary="Move a lesson (optionally to another module)")
    def post(self, request, pk):
        data = serializers.MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = data.validated_data.get("module")
        lesson = services.lesson_move(lesson=_lesson(request, pk), position=data.validated_data["position"],
                                      module=_module(request, target) if target else None, actor=request.user)
        return Response(self.get_serializer(lesson).data)


# ---- workflow ---------------------------------------------------------------------------------------------

class _TransitionView(generics.GenericAPIView):
    serializer_class = serializers.VersionDetailSerializer

    def transition(self, request, code, comment: str) -> CourseVersion:
        raise NotImplementedError

    def post(self, request, code):
        data = serializers.CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = self.transition(request, code, data.validated_data.get("comment", ""))
        version.refresh_from_db()
        return Response(self.get_serializer(_detail(version)).data)


def _transition_schema(summary: str):
    return extend_schema(request=serializers.CommentSerializer, responses=serializers.VersionDetailSerializer,
                         summary=summary)


def _reviewable(request, code: str) -> CourseVersion:
    """Reviewers (administrators) see every course; others get 404 unless they author it (then the service
    refuses with 403)."""
    version = selectors.working_version(_editable_course(request, code))
    if version is None:
        raise ApplicationError("no_draft", _("This course has no version in review."), http_status=404)
    return version


class SubmitView(_TransitionView):
    @_transition_schema("Submit the draft for review (authors)")
    def post(self, request, code):
        return super().post(request, code)

    def transition(self, request, code, comment):
        return services.version_submit(version=_draft(request, code), actor=request.user, comment=comment)


class PublishView(_TransitionView):
    @_transition_schema("Publish the version in review (administrators)")
    def post(self, request, code):
        return super().post(request, code)

    def transition(self, request, code, comment):
        return services.version_publish(version=_reviewable(request, code), actor=request.user, comment=comment)


class ReturnToDraftView(_TransitionView):
    @_transition_schema("Send the version in review back to its authors with a comment (administrators)")
    def post(self, request, code):
        return super().post(request, code)

    def transition(self, request, code, comment):
        return services.version_return_to_draft(version=_reviewable(request, code), actor=request.user,
                                                comment=comment)


class ArchiveView(_TransitionView):
    @_transition_schema("Take the course out of the catalog (administrators)")
    def post(self, request, code):
        return super().post(request, code)

    def transition(self, request, code, comment):
        course = services.course_archive(course=_editable_course(request, code), actor=request.user,
                                         comment=comment)
        return course.versions.filter(status=VersionStatus.ARCHIVED).order_by("-archived_at").first()


class NewDraftView(_TransitionView):
    @_transition_schema("Start a new draft copied from the published version (authors)")
    def post(self, request, code):
        return super().post(request, code)

    def transition(self, request, code, comment):
        return services.version_new_draft(course=_editable_course(request, code), actor=request.user)


# ---- learner ----------------------------------------------------------------------------------------------

class StartView(generics.GenericAPIView):
    serializer_class = serializers.ProgressSerializer

    @extend_schema(request=None, summary="Start (or resume) a published course")
    def post(self, request, code):
        course = get_object_or_404(Course.objects.select_related("published_version"), code=code)
        progress = services.course_start(user=request.user, course=course)
        progress = selectors.with_percent(CourseProgress.objects.filter(pk=progress.pk)).select_related(
            "version__course").get()
        return Response(self.get_serializer(progress).data)


def _learner_lesson(request, pk: int) -> Lesson:
    return get_object_or_404(Lesson.objects.filter(version__in=selectors.versions_visible_to(request.user)), pk=pk)


class LessonOpenView(generics.GenericAPIView):
    serializer_class = serializers.LessonProgressSerializer

    @extend_schema(request=None, summary="The learner opened a lesson (resume point; completes 'viewed' lessons)")
    def post(self, request, pk):
        record = services.lesson_open(user=request.user, lesson=_learner_lesson(request, pk))
        return Response(self.get_serializer(record).data)


class LessonCompleteView(generics.GenericAPIView):
    serializer_class = serializers.LessonProgressSerializer

    @extend_schema(request=None, summary="Mark a lesson complete (idempotent)")
    def post(self, request, pk):
        record = services.lesson_mark_complete(user=request.user, lesson=_learner_lesson(request, pk))
        return Response(self.get_serializer(record).data)


class MyLearningView(generics.ListAPIView):
    serializer_class = serializers.ProgressSerializer
    filter_backends = []

    def get_queryset(self):
        if _fake(self):
            return CourseProgress.objects.none()
        return selectors.my_learning(self.request.user)

    @extend_schema(summary="The signed-in learner's courses with percent done")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
