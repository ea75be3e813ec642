from rest_framework import serializers

from development.models import AdaptationPlan, AdaptationTask, DevelopmentPlan, ItemKind, PlanItem, PlanStep


class PlanItemSerializer(serializers.ModelSerializer):
    competency = serializers.CharField(source="competency.idnumber", default=None, read_only=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "kind",
            "source",
            "status",
            "title",
            "institution",
            "competency",
            "target_level",
            "course",
            "event",
            "hours",
            "due_on",
            "done_on",
            "done_hours",
            "evidence",
        ]


class PlanStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = PlanStep
        fields = ["action", "actor", "comment", "at"]


class PlanListSerializer(serializers.ModelSerializer):
    personnel_number = serializers.CharField(source="servant.personnel_number")
    servant = serializers.CharField(source="servant.full_name")
    year = serializers.IntegerField()

    class Meta:
        model = DevelopmentPlan
        fields = [
            "id",
            "personnel_number",
            "servant",
            "year",
            "period_start",
            "period_end",
            "status",
            "mandatory",
        ]


class PlanProgressSerializer(serializers.Serializer):
    planned = serializers.IntegerField()
    done = serializers.IntegerField()
    hours_planned = serializers.IntegerField()
    hours_done = serializers.IntegerField()
    percent = serializers.IntegerField()
    three_year_status = serializers.CharField()


class PlanDetailSerializer(PlanListSerializer):
    items = PlanItemSerializer(many=True, source="item_list")
    steps = PlanStepSerializer(many=True, source="step_list")
    progress = PlanProgressSerializer()

    class Meta(PlanListSerializer.Meta):
        fields = [*PlanListSerializer.Meta.fields, "review", "items", "steps", "progress"]


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)


class PlanCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PlanReviewSerializer(serializers.Serializer):
    review = serializers.CharField(allow_blank=True)


class PlanItemCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    institution = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    hours = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    course_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    competency_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    target_level = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class PlanItemUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    institution = serializers.CharField(max_length=300, required=False, allow_blank=True)
    hours = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    due_on = serializers.DateField(required=False)
    cancelled = serializers.BooleanField(required=False)


class CourseProposalSerializer(serializers.Serializer):
    course_id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField()
    hours = serializers.IntegerField()
    languages = serializers.ListField(child=serializers.CharField())
    delivery_format = serializers.CharField()
    provider = serializers.CharField()
    next_start = serializers.DateField(allow_null=True)
    free_places = serializers.IntegerField(allow_null=True)
    rank = serializers.IntegerField()


class GapProposalsSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    competency_id = serializers.IntegerField()
    target_level = serializers.IntegerField()
    proposals = CourseProposalSerializer(many=True)


# ---- adaptation plans ----------------------------------------------------------------------------------------


class AdaptationTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdaptationTask
        fields = ["id", "kind", "title", "due_on", "done_on"]


class AdaptationActionsSerializer(serializers.Serializer):
    can_mark_done = serializers.BooleanField()
    can_add_task = serializers.BooleanField()
    can_sign = serializers.BooleanField()
    can_extend = serializers.BooleanField()
    can_change_mentor = serializers.BooleanField()


class AdaptationPlanListSerializer(serializers.ModelSerializer):
    personnel_number = serializers.CharField(source="servant.personnel_number")
    servant = serializers.CharField(source="servant.full_name")
    mentor_personnel_number = serializers.CharField(source="mentor.personnel_number")
    mentor = serializers.CharField(source="mentor.full_name")

    class Meta:
        model = AdaptationPlan
        fields = [
            "id",
            "personnel_number",
            "servant",
            "mentor_personnel_number",
            "mentor",
            "starts_on",
            "ends_on",
            "extensions",
            "mentor_signed_at",
            "servant_signed_at",
        ]


class AdaptationPlanDetailSerializer(AdaptationPlanListSerializer):
    tasks = AdaptationTaskSerializer(many=True, source="task_list")
    actions = AdaptationActionsSerializer()

    class Meta(AdaptationPlanListSerializer.Meta):
        fields = [*AdaptationPlanListSerializer.Meta.fields, "tasks", "actions"]


class AdaptationPlanCreateSerializer(serializers.Serializer):
    personnel_number = serializers.CharField(max_length=32)
    mentor_personnel_number = serializers.CharField(max_length=32)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)


class AdaptationTaskCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AdaptationTask.Kind.choices, default=AdaptationTask.Kind.TASK)
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()


class AdaptationMentorSerializer(serializers.Serializer):
    mentor_personnel_number = serializers.CharField(max_length=32)
