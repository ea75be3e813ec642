"""Serializers for the people API: they validate input and shape output, never write."""

import functools
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.models import AuditEntry
from people.masking import mask_iin
from people.models import CivilServant, EmploymentRecord, Region, RoleAssignment, StateBody, User
from people.permissions import actor_for


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class StateBodyRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class StructuralUnitRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "kind", "name", "name_kk", "name_ru", "name_en"]
        read_only_fields = fields


class StateBodySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = StateBody
        fields = ["code", "name", "name_kk", "name_ru", "name_en", "kind", "parent", "region", "depth"]
        read_only_fields = fields


class HeadcountRowSerializer(serializers.Serializer):
    corps = serializers.CharField(source="position__corps")
    category_code = serializers.CharField(source="position__category_code")
    headcount = serializers.IntegerField()


class ChildHeadcountSerializer(serializers.Serializer):
    body = StateBodyRefSerializer()
    headcount = serializers.IntegerField()


class BodyHeadcountSerializer(serializers.Serializer):
    body = StateBodyRefSerializer()
    total = serializers.IntegerField()
    by_corps_category = HeadcountRowSerializer(many=True)
    by_child_body = ChildHeadcountSerializer(many=True)


class PositionRefSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    corps = serializers.CharField(read_only=True)
    category_code = serializers.CharField(read_only=True)
    managerial = serializers.BooleanField(read_only=True)


class ServantSerializer(serializers.ModelSerializer):
    """IIN is shown in full only on the actor's own record or to roles that may see it (HR, admin)."""

    iin = serializers.SerializerMethodField()
    full_name = serializers.CharField(read_only=True)
    body = StateBodyRefSerializer(read_only=True)
    unit = StructuralUnitRefSerializer(read_only=True, allow_null=True)
    position = PositionRefSerializer(read_only=True)
    mentor = serializers.SlugRelatedField(slug_field="personnel_number", read_only=True, allow_null=True)

    class Meta:
        model = CivilServant
        fields = [
            "personnel_number", "iin", "full_name",
            "last_name_kk", "first_name_kk", "middle_name_kk",
            "last_name_ru", "first_name_ru", "middle_name_ru",
            "last_name_en", "first_name_en", "middle_name_en",
            "body", "unit", "position", "appointed_on", "entered_service_on", "first_time_entrant",
            "probation_until", "mentor", "is_active",
        ]
        read_only_fields = fields

    def get_iin(self, obj) -> str:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and (obj.user_id == user.pk or actor_for(user).can_see_iin):
            return obj.iin
        return mask_iin(obj.iin)


class EmploymentRecordSerializer(serializers.ModelSerializer):
    position = PositionRefSerializer(read_only=True)
    body = StateBodyRefSerializer(read_only=True)

    class Meta:
        model = EmploymentRecord
        fields = ["position", "body", "started_on", "ended_on"]
        read_only_fields = fields


class ServantDetailSerializer(ServantSerializer):
    employment = EmploymentRecordSerializer(many=True, read_only=True)

    class Meta(ServantSerializer.Meta):
        fields = [*ServantSerializer.Meta.fields, "employment"]
        read_only_fields = fields


class RoleAssignmentSerializer(serializers.ModelSerializer):
    body = StateBodyRefSerializer(read_only=True, allow_null=True)
    unit = StructuralUnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "body", "unit"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()
    personnel_number = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "preferred_language", "time_zone",
                  "roles", "assignments", "personnel_number"]
        read_only_fields = fields

    def get_roles(self, user) -> list[str]:
        """Effective roles, including the implicit ones (own servant record, superuser)."""
        return sorted(actor_for(user).roles)

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_assignments(self, user):
        return RoleAssignmentSerializer(actor_for(user).assignments, many=True).data

    def get_personnel_number(self, user) -> str | None:
        servant = getattr(user, "servant", None)  # the reverse one-to-one raises AttributeError when absent
        return servant.personnel_number if servant else None


class PreferencesSerializer(serializers.Serializer):
    preferred_language = serializers.ChoiceField(choices=User.Language.choices, required=False)
    time_zone = serializers.CharField(required=False, max_length=64)

    def validate_time_zone(self, value: str) -> str:
        if value not in _time_zones():
            raise serializers.ValidationError(_("“%(tz)s” is not a known time zone.") % {"tz": value})
        return value


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "object_type", "object_id", "summary", "before", "after"]
        read_only_fields = fields


class EkyzmetUploadSerializer(serializers.Serializer):
    ALLOWED_EXTENSIONS = (".csv", ".xlsx")

    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def validate_file(self, upload):
        if not upload.name.lower().endswith(self.ALLOWED_EXTENSIONS):
            raise serializers.ValidationError(_("Upload a .csv or .xlsx file exported from E-kyzmet."))
        if upload.size > settings.EKYZMET_UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                _("The file is too large (limit %(mb)s MB).") % {"mb": settings.EKYZMET_UPLOAD_MAX_BYTES // 2**20}
            )
        return upload


class EkyzmetRowErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text="worksheet name for multi-sheet workbooks, else empty")
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class EkyzmetImportReportSerializer(serializers.Serializer):
    layout = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = EkyzmetRowErrorSerializer(many=True)
    dry_run = serializers.BooleanField()
    summary = serializers.CharField()

    def to_representation(self, report):
        return {
            "layout": str(getattr(report.layout, "value", report.layout)),
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": [{"sheet": getattr(e, "sheet", ""), "row": e.row, "column": e.column, "message": str(e.message)} for e in report.errors],
            "dry_run": report.dry_run,
            "summary": str(report.summary_line()),
        }


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
