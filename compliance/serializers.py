"""Serializers of the compliance API: query parameters in, shapes out. They validate and shape; never write."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance import rules as R
from compliance.dashboard import SORTS
from compliance.models import TrainingRecord
from people.models import Corps


class FilterQuerySerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=R.RULES, required=False, help_text=_("Default: three_year."))
    as_of = serializers.DateField(required=False, help_text=_("Default: today in Asia/Almaty."))
    status = serializers.ChoiceField(choices=R.STATUSES, required=False)
    body = serializers.CharField(required=False, max_length=32,
                                 help_text=_("State body code: that body and every body under it."))
    unit = serializers.IntegerField(required=False, min_value=1, help_text=_("Structural unit id."))
    corps = serializers.ChoiceField(choices=Corps.values, required=False)
    category = serializers.CharField(required=False, max_length=8, help_text=_("Category code, e.g. C-4."))


class ListQuerySerializer(FilterQuerySerializer):
    sort = serializers.ChoiceField(choices=SORTS, required=False, help_text=_("Default: due_date."))
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500)


class NationalQuerySerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=R.RULES, required=False)
    as_of = serializers.DateField(required=False)
    body = serializers.CharField(required=False, max_length=32,
                                 help_text=_("Show the bodies directly under this one (drill-down)."))


class ComplianceCountsSerializer(serializers.Serializer):
    compliant = serializers.IntegerField(allow_null=True)
    due_soon = serializers.IntegerField(allow_null=True)
    overdue = serializers.IntegerField(allow_null=True)
    exempt = serializers.IntegerField(allow_null=True)


class ComplianceRatesSerializer(serializers.Serializer):
    compliant = serializers.FloatField(allow_null=True)
    due_soon = serializers.FloatField(allow_null=True)
    overdue = serializers.FloatField(allow_null=True)
    exempt = serializers.FloatField(allow_null=True)


class ComplianceGroupSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    suppressed = serializers.BooleanField(required=False, default=False, help_text=_(
        "True: fewer people than SMALL_CELL_THRESHOLD; counts and rates are null."))
    counts = ComplianceCountsSerializer()
    rates = ComplianceRatesSerializer(help_text=_("Per cent of the group, one decimal."))


class ComplianceUnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    body = serializers.CharField(source="body.code")


class ComplianceBodyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ComplianceRegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ComplianceUnitGroupSerializer(ComplianceGroupSerializer):
    unit = ComplianceUnitRefSerializer(allow_null=True)


class ComplianceCorpsGroupSerializer(ComplianceGroupSerializer):
    corps = serializers.CharField()
    category = serializers.CharField()


class ComplianceSummarySerializer(ComplianceGroupSerializer):
    rule = serializers.CharField()
    as_of = serializers.DateField()
    body = ComplianceBodyRefSerializer(allow_null=True)
    by_unit = ComplianceUnitGroupSerializer(many=True)
    by_corps_category = ComplianceCorpsGroupSerializer(many=True)


class ComplianceLastTrainingSerializer(serializers.Serializer):
    title = serializers.CharField(help_text=_("In the request's language when the training has that title"))
    title_language = serializers.CharField(help_text=_("The language of the title when it is not the request's "
                                                       "(no translation), else empty"))
    completed_on = serializers.DateField()


class ComplianceStatusRowSerializer(serializers.Serializer):
    personnel_number = serializers.CharField()
    name = serializers.CharField()
    body = serializers.CharField()
    unit = serializers.CharField()
    corps = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField(help_text=_("compliant, due_soon, overdue or exempt"))
    due_date = serializers.DateField()
    last_training = serializers.SerializerMethodField()

    @extend_schema_field(ComplianceLastTrainingSerializer(allow_null=True))
    def get_last_training(self, row):
        if row.last_completed_on is None:
            return None
        return {"title": row.last_title, "title_language": row.last_title_lang,
                "completed_on": row.last_completed_on.isoformat()}


class ComplianceStatusPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = ComplianceStatusRowSerializer(many=True)


class ComplianceTrendPointSerializer(ComplianceGroupSerializer):
    day = serializers.DateField()


class ComplianceTrendSerializer(serializers.Serializer):
    rule = serializers.CharField()
    points = ComplianceTrendPointSerializer(many=True)


class ComplianceRegionGroupSerializer(ComplianceGroupSerializer):
    region = ComplianceRegionRefSerializer(allow_null=True, help_text=_("null: bodies without a region (central)."))


class ComplianceBodyGroupSerializer(ComplianceGroupSerializer):
    body = ComplianceBodyRefSerializer(allow_null=True)


class ComplianceNationalSerializer(ComplianceGroupSerializer):
    rule = serializers.CharField()
    as_of = serializers.DateField()
    body = ComplianceBodyRefSerializer(allow_null=True)
    by_region = ComplianceRegionGroupSerializer(many=True)
    by_body = ComplianceBodyGroupSerializer(many=True)


class ComplianceMyStatusSerializer(serializers.Serializer):
    rule = serializers.CharField()
    status = serializers.CharField(help_text=_("compliant, due_soon, overdue or exempt"))
    due_date = serializers.DateField()
    days_left = serializers.IntegerField(help_text=_("Negative when overdue."))
    last_training = serializers.SerializerMethodField()

    @extend_schema_field(ComplianceLastTrainingSerializer(allow_null=True))
    def get_last_training(self, row):
        if row["last_completed_on"] is None:
            return None
        return {"title": row["last_title"], "title_language": row.get("last_title_lang", ""),
                "completed_on": row["last_completed_on"].isoformat()}


# --- training records (/api/v1/training/...) ---------------------------------------------------------------

class TrainingRecordSerializer(serializers.ModelSerializer):
    personnel_number = serializers.CharField(source="servant.personnel_number", read_only=True)
    course_type = serializers.CharField(source="course_type_id", read_only=True)  # the code; no join per row
    verified = serializers.SerializerMethodField()
    verification = serializers.CharField(read_only=True, help_text="'' (nothing to verify), pending, verified "
                                         "or rejected; only verified uploads count toward compliance.")

    class Meta:
        model = TrainingRecord
        fields = ["id", "personnel_number", "title", "course_type", "hours", "completed_on", "provider", "source",
                  "verified", "verification", "verified_at", "rejected_at", "rejection_reason", "created_at"]

    def get_verified(self, obj) -> bool | None:
        return None if obj.source != TrainingRecord.Source.EXTERNAL_UPLOAD else obj.verified_at is not None


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ExternalUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    course_type = serializers.CharField(max_length=32, help_text="A course-type code (/api/v1/course-types/).")
    hours = serializers.IntegerField(min_value=1, max_value=2000)
    completed_on = serializers.DateField()
    provider = serializers.CharField(max_length=300)
    evidence = serializers.FileField()
