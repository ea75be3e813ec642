"""REST API /api/v1/development/: plans the actor may see (the servant, their line manager, HR of their body),
one plan with items, steps and progress, the workflow actions, item edits and course proposals; adaptation
plans the actor may see (the probationer, their mentor, HR of their body) with tasks, sign-off and probation
extension. A plan outside the actor's sight is a 404; an action the actor may not take on a plan they see is a
403 (the services decide)."""

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from development import permissions as perms
from development import selectors as sel
from development import serializers as S
from development import services
from development.progress import plan_progress, plans_sync
from lms.clock import today_almaty
from lms.errors import ApplicationError, NotAllowed
from lms.pagination import DefaultPagination


def _plan(request, pk):
    plan = sel.plan_for(request.user, pk)
    if plan is None:
        raise Http404
    return plan


def _detail(plan):
    plans_sync(plans=[plan])
    plan.item_list = sel.plan_items(plan)
    plan.step_list = list(sel.plan_steps(plan))
    plan.progress = plan_progress(plan, as_of=today_almaty())
    return S.PlanDetailSerializer(plan).data


class PlanListView(generics.ListAPIView):
    """Plans the actor may see; `?year=` and `?status=` filter."""

    permission_classes = [IsAuthenticated]
    serializer_class = S.PlanListSerializer
    pagination_class = DefaultPagination

    def get_queryset(self):
        qs = sel.plans_visible_to(self.request.user).order_by(
            "-period_start", "servant__personnel_number", "pk"
        )
        year, status_ = self.request.query_params.get("year", ""), self.request.query_params.get("status", "")
        if year.isdigit():
            qs = qs.filter(period_start__year=int(year))
        if status_:
            qs = qs.filter(status=status_)
        return qs

    @extend_schema(request=S.PlanCreateSerializer, responses={201: S.PlanDetailSerializer})
    def post(self, request):
        """Start the signed-in servant's plan for a year (drafted from evidence; voluntary unless required)."""
        data = S.PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        servant = sel.own_servant(request.user)
        if servant is None:
            raise ApplicationError(
                "not_a_servant", _("Only civil servants keep development plans."), http_status=403
            )
        plan = services.plan_create(servant=servant, year=data.validated_data["year"], actor=request.user)
        return Response(_detail(sel.plan_for(request.user, plan.pk)), status=status.HTTP_201_CREATED)


class PlanDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=S.PlanDetailSerializer)
    def get(self, request, pk):
        return Response(_detail(_plan(request, pk)))


class _ActionView(APIView):
    permission_classes = [IsAuthenticated]
    serializer = S.PlanCommentSerializer
    action = ""

    def post(self, request, pk):
        plan = _plan(request, pk)
        data = self.serializer(data=request.data)
        data.is_valid(raise_exception=True)
        getattr(services, f"plan_{self.action}")(
            plan=plan, actor=request.user, **self.kwargs_of(data.validated_data)
        )
        return Response(_detail(_plan(request, pk)))

    def kwargs_of(self, data) -> dict:
        return {"comment": data.get("comment", "")} if self.action in ("approve", "return", "confirm") else {}


@extend_schema(request=S.PlanCommentSerializer, responses=S.PlanDetailSerializer)
class SubmitView(_ActionView):
    action = "submit"


@extend_schema(request=S.PlanCommentSerializer, responses=S.PlanDetailSerializer)
class ApproveView(_ActionView):
    action = "approve"


@extend_schema(request=S.PlanCommentSerializer, responses=S.PlanDetailSerializer)
class ReturnView(_ActionView):
    action = "return"


@extend_schema(request=S.PlanCommentSerializer, responses=S.PlanDetailSerializer)
class ConfirmView(_ActionView):
    action = "confirm"


@extend_schema(request=S.PlanReviewSerializer, responses=S.PlanDetailSerializer)
class CloseView(_ActionView):
    action = "close"
    serializer = S.PlanReviewSerializer

    def kwargs_of(self, data) -> dict:
        return {"review": data["review"]}


class ItemsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=S.PlanItemCreateSerializer, responses={201: S.PlanItemSerializer})
    def post(self, request, pk):
        plan = _plan(request, pk)
        data = S.PlanItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v["kind"] == "course" and v["course_id"]:
            item = services.plan_item_add_course(
                plan=plan,
                actor=request.user,
                course_id=v["course_id"],
                competency_id=v["competency_id"],
                target_level=v["target_level"],
            )
        else:
            item = services.plan_item_add(plan=plan, actor=request.user, **v)
        return Response(S.PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemView(APIView):
    permission_classes = [IsAuthenticated]

    def _item(self, request, pk, item_id):
        plan = _plan(request, pk)
        item = plan.items.filter(pk=item_id).first()
        if item is None:
            raise Http404
        return item

    @extend_schema(request=S.PlanItemUpdateSerializer, responses=S.PlanItemSerializer)
    def patch(self, request, pk, item_id):
        item = self._item(request, pk, item_id)
        data = S.PlanItemUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        item = services.plan_item_update(item=item, actor=request.user, **data.validated_data)
        return Response(S.PlanItemSerializer(item).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, item_id):
        services.plan_item_delete(item=self._item(request, pk, item_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProposalsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=S.GapProposalsSerializer(many=True))
    def get(self, request, pk):
        plan = _plan(request, pk)
        rows = [
            {
                "item": item.pk,
                "competency_id": item.competency_id,
                "target_level": item.target_level,
                "proposals": [p.__dict__ | {"languages": list(p.languages)} for p in found],
            }
            for item, found in sel.proposals(plan, language=(get_language() or "ru")[:2])
        ]
        return Response(S.GapProposalsSerializer(rows, many=True).data)


class ApprovalsView(generics.ListAPIView):
    """Plans submitted to the actor as line manager."""

    permission_classes = [IsAuthenticated]
    serializer_class = S.PlanListSerializer
    pagination_class = DefaultPagination

    def get_queryset(self):
        return sel.approval_queue(self.request.user)


# ---- adaptation plans ----------------------------------------------------------------------------------------


def _adaptation(request, pk):
    plan = sel.adaptation_for(request.user, pk)
    if plan is None:
        raise Http404
    return plan


def _adaptation_detail(request, pk):
    plan = _adaptation(request, pk)
    plan.task_list = list(plan.tasks.all())
    plan.actions = sel.adaptation_actions(request.user, plan)
    return S.AdaptationPlanDetailSerializer(plan).data


class AdaptationPlanListView(generics.ListAPIView):
    """Adaptation plans the actor may see: their own, their mentees', their HR subtree's. `?role=mentor` keeps
    the plans the actor mentors, `?role=own` their own."""

    permission_classes = [IsAuthenticated]
    serializer_class = S.AdaptationPlanListSerializer
    pagination_class = DefaultPagination

    def get_queryset(self):
        qs = sel.adaptation_plans_visible_to(self.request.user)
        role = self.request.query_params.get("role", "")
        if role == "mentor":
            qs = qs.filter(mentor__user=self.request.user)
        elif role == "own":
            qs = qs.filter(servant__user=self.request.user)
        return qs

    @extend_schema(
        request=S.AdaptationPlanCreateSerializer, responses={201: S.AdaptationPlanDetailSerializer}
    )
    def post(self, request):
        """HR assigns a mentor to a first-time entrant of their bodies: the probation starts (by default on
        the appointment date) for the configured months."""
        data = S.AdaptationPlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if not perms.is_hr(request.user):
            raise NotAllowed(_("Only HR of the servant's body assigns a mentor."))
        in_scope = sel.hr_servants(request.user)
        servant = in_scope.filter(personnel_number=v["personnel_number"]).first()
        mentor = in_scope.filter(personnel_number=v["mentor_personnel_number"]).first()
        if servant is None:
            raise ApplicationError(
                "unknown_servant",
                _("No civil servant of your bodies has this personnel number."),
                extra={"field": "personnel_number"},
            )
        if mentor is None:
            raise ApplicationError(
                "unknown_mentor",
                _("No civil servant of your bodies has this personnel number."),
                extra={"field": "mentor_personnel_number"},
            )
        plan = services.adaptation_plan_create(
            servant=servant, mentor=mentor, actor=request.user, starts_on=v["starts_on"]
        )
        return Response(_adaptation_detail(request, plan.pk), status=status.HTTP_201_CREATED)


class AdaptationPlanDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=S.AdaptationPlanDetailSerializer)
    def get(self, request, pk):
        return Response(_adaptation_detail(request, pk))


class AdaptationSignView(APIView):
    """Sign-off: the mentor and the probationer each sign once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=S.AdaptationPlanDetailSerializer)
    def post(self, request, pk):
        services.adaptation_sign(plan=_adaptation(request, pk), actor=request.user)
        return Response(_adaptation_detail(request, pk))


class AdaptationExtendView(APIView):
    """HR extends the probation by the configured months, as often as configured (once by default)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=S.AdaptationPlanDetailSerializer)
    def post(self, request, pk):
        services.adaptation_extend(plan=_adaptation(request, pk), actor=request.user)
        return Response(_adaptation_detail(request, pk))


class AdaptationMentorView(APIView):
    """HR of the servant's body replaces the mentor (a servant of their bodies); refused once signed off."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=S.AdaptationMentorSerializer, responses=S.AdaptationPlanDetailSerializer)
    def post(self, request, pk):
        plan = _adaptation(request, pk)
        data = S.AdaptationMentorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not perms.is_hr_of(request.user, plan.servant):
            raise NotAllowed(_("Only HR of the servant's body assigns a mentor."))
        number = data.validated_data["mentor_personnel_number"].strip()
        mentor = sel.hr_servants(request.user).filter(personnel_number=number).first()
        if mentor is None:
            raise ApplicationError(
                "unknown_mentor",
                _("No civil servant of your bodies has this personnel number."),
                extra={"field": "mentor_personnel_number"},
            )
        services.adaptation_mentor_change(plan=plan, mentor=mentor, actor=request.user)
        return Response(_adaptation_detail(request, pk))


class AdaptationTasksView(APIView):
    """The mentor or HR adds a task or training (retraining included) with its due date."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=S.AdaptationTaskCreateSerializer, responses={201: S.AdaptationTaskSerializer})
    def post(self, request, pk):
        plan = _adaptation(request, pk)
        data = S.AdaptationTaskCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.adaptation_task_add(plan=plan, actor=request.user, **data.validated_data)
        return Response(S.AdaptationTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class AdaptationTaskDoneView(APIView):
    """The probationer, the mentor or HR marks a task done today."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=S.AdaptationTaskSerializer)
    def post(self, request, pk, task_id):
        plan = _adaptation(request, pk)
        task = next((t for t in plan.tasks.all() if t.pk == task_id), None)
        if task is None:
            raise Http404
        task = services.adaptation_task_done(task=task, actor=request.user, done_on=today_almaty())
        return Response(S.AdaptationTaskSerializer(task).data)
