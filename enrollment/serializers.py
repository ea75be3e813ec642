"""API shapes for offerings, applications and training records. Serializers validate and shape; writes go
through the services."""

from rest_framework import serializers

from enrollment.models import Application, ApplicationStep, Offering


class OfferingSerializer(serializers.ModelSerializer):
    course_code = serializers.CharField(source="version.course.code", read_only=True)
    title = serializers.CharField(source="version.title", read_only=True)
    course_type = serializers.CharField(source="version.course_type.code", read_only=True)
    hours = serializers.IntegerField(source="version.hours", read_only=True)
    provider = serializers.CharField(source="version.provider.name", read_only=True)
    window_opens_on = serializers.DateField(read_only=True)
    window_closes_on = serializers.DateField(read_only=True)
    places_taken = serializers.IntegerField(source="taken", read_only=True)
    # Plain strings, not enums: the choice sets share names with other apps' fields in the OpenAPI schema.
    delivery = serializers.CharField(read_only=True, help_text="onsite, online or blended")
    language = serializers.CharField(read_only=True, help_text="kk, ru or en")
    waiting = serializers.IntegerField(read_only=True)
    is_cancelled = serializers.BooleanField(read_only=True)

    class Meta:
        model = Offering
        fields = ["id", "code", "course_code", "title", "course_type", "hours", "provider", "starts_on", "ends_on",
                  "capacity", "places_taken", "waiting", "delivery", "place", "language", "funding", "price",
                  "window_opens_on", "window_closes_on", "opens_days_before", "closes_days_before",
                  "min_attendance_percent", "is_cancelled"]


class OfferingWriteSerializer(serializers.Serializer):
    """Create (POST, with `version`) or edit (PATCH, partial) a run. Only shapes types; the rules and the
    field errors come from enrollment.offerings (400 with `fields`)."""

    version = serializers.IntegerField(min_value=1, help_text="course version id (create only)")
    code = serializers.CharField(max_length=48, required=False, allow_blank=True,
                                 help_text="create only; empty: made from the course code and start date")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField(min_value=0, max_value=100000)
    delivery = serializers.CharField(max_length=10, required=False, help_text="onsite, online or blended")
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    language = serializers.CharField(max_length=2, required=False, help_text="kk, ru or en")
    funding = serializers.CharField(max_length=10, required=False, help_text="voucher, contract or quota")
    price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    opens_days_before = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    closes_days_before = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    min_attendance_percent = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class OfferingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)
    # The system's note (a key) in the request's language, else the comment a person typed.
    note = serializers.CharField(read_only=True)

    class Meta:
        model = ApplicationStep
        fields = ["stage", "decision", "actor", "comment", "note_key", "note_params", "note", "at"]


class ApplicationSerializer(serializers.ModelSerializer):
    offering_code = serializers.CharField(source="offering.code", read_only=True)
    personnel_number = serializers.CharField(source="servant.personnel_number", read_only=True)
    voucher = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="pending_manager, pending_hr, pending_provider, "
                                   "approved, completed, rejected or withdrawn")

    class Meta:
        model = Application
        fields = ["id", "offering", "offering_code", "personnel_number", "status", "seat_number",
                  "waitlist_position", "voucher", "motivation", "rejection_reason", "hours_credited",
                  "certificate_number", "created_at", "steps"]

    def get_voucher(self, obj) -> str | None:
        voucher = getattr(obj, "voucher", None)
        return voucher.code if voucher else None


class ApplicationCreateSerializer(serializers.Serializer):
    offering = serializers.IntegerField(min_value=1)
    personnel_number = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                             help_text="HR nomination: the servant's personnel number")
    voucher_code = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ApplicationCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ApplicationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ApplicationCompleteSerializer(serializers.Serializer):
    override = serializers.BooleanField(required=False, default=False)
