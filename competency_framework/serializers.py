"""Serializers for the competency API: they shape output and validate uploads, never write."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competency_framework.models import LANGUAGES, BehaviouralIndicator, Competency, Framework, ScaleLevel
from competency_framework.moodle_csv import UPLOAD_MAX_BYTES as MOODLE_UPLOAD_MAX_BYTES

TRILINGUAL = ["name", "name_kk", "name_ru", "name_en", "needs_review_kk", "needs_review_ru", "needs_review_en"]


class ScaleLevelSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ScaleLevel
        fields = ["value", *TRILINGUAL, "is_default", "is_proficient"]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    levels = ScaleLevelSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ["idnumber", *TRILINGUAL, "description", "taxonomies", "is_primary", "levels"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True)
    level = serializers.IntegerField(source="level.value", read_only=True)

    class Meta:
        model = BehaviouralIndicator
        fields = ["level", "text", "text_kk", "text_ru", "text_en", "needs_review_kk", "is_example"]
        read_only_fields = fields


class CompetencyNodeSerializer(serializers.ModelSerializer):
    """A node of the tree; `children` and `indicators_list` are attached by the view (no extra queries)."""

    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    indicators = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta:
        model = Competency
        fields = ["idnumber", *TRILINGUAL, "description", "sort_order", "indicators", "children"]
        read_only_fields = fields

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, obj):
        return IndicatorSerializer(getattr(obj, "indicators_list", []), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, obj):
        return CompetencyNodeSerializer(getattr(obj, "children_list", []), many=True, context=self.context).data


class FrameworkDetailSerializer(FrameworkSerializer):
    tree = serializers.SerializerMethodField()

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "tree"]
        read_only_fields = fields

    @extend_schema_field(CompetencyNodeSerializer(many=True))
    def get_tree(self, obj):
        return CompetencyNodeSerializer(getattr(obj, "roots", []), many=True, context=self.context).data


class CompetencySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    framework = serializers.SlugRelatedField(slug_field="idnumber", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="idnumber", read_only=True, allow_null=True)

    class Meta:
        model = Competency
        fields = ["framework", "idnumber", "parent", *TRILINGUAL, "description", "sort_order"]
        read_only_fields = fields


class CompetencyRefSerializer(serializers.Serializer):
    idnumber = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RequirementSerializer(serializers.Serializer):
    competency = CompetencyRefSerializer(read_only=True)
    level = serializers.IntegerField(source="level.value", read_only=True)
    level_name = serializers.CharField(source="level.name", read_only=True)


class ProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    framework = serializers.CharField(source="framework.idnumber", read_only=True)
    corps = serializers.CharField(read_only=True)
    category_group = serializers.CharField(read_only=True)
    managerial = serializers.BooleanField(read_only=True, allow_null=True)
    body = serializers.CharField(source="body.code", read_only=True, allow_null=True, default=None)
    requirements = RequirementSerializer(many=True, read_only=True, source="requirements_list")


class PositionProfileSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="position.pk", read_only=True)
    title = serializers.CharField(source="position.title", read_only=True)
    body = serializers.CharField(source="position.body.code", read_only=True)
    profile = ProfileSerializer(read_only=True, allow_null=True)


class GapRowSerializer(serializers.Serializer):
    competency = CompetencyRefSerializer(read_only=True)
    required_level = serializers.IntegerField(read_only=True, allow_null=True)
    assessed_level = serializers.IntegerField(read_only=True, allow_null=True)
    gap = serializers.IntegerField(read_only=True, allow_null=True)


class ServantGapsSerializer(serializers.Serializer):
    personnel_number = serializers.CharField(source="servant.personnel_number", read_only=True)
    full_name = serializers.CharField(source="servant.full_name", read_only=True)
    rows = GapRowSerializer(many=True, read_only=True)


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)


class GapCellSerializer(serializers.Serializer):
    unit = serializers.CharField(read_only=True, allow_null=True, help_text=_("unit code; null = no unit"))
    competency = serializers.CharField(read_only=True)
    headcount = serializers.IntegerField(read_only=True)
    assessed = serializers.IntegerField(read_only=True)
    below = serializers.IntegerField(read_only=True)
    avg_gap = serializers.FloatField(read_only=True, allow_null=True)


class GapMatrixSerializer(serializers.Serializer):
    body = serializers.CharField(source="body.code", read_only=True)
    framework = serializers.CharField(source="framework.idnumber", read_only=True, allow_null=True, default=None)
    competencies = CompetencyRefSerializer(many=True, read_only=True)
    units = UnitRefSerializer(many=True, read_only=True, source="unit_refs")
    cells = GapCellSerializer(many=True, read_only=True, source="cell_rows")


class MoodleImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("Moodle competency framework CSV (tool_lpimportcsv)."))
    dry_run = serializers.BooleanField(default=False)
    language = serializers.ChoiceField(choices=LANGUAGES, default="en",
                                       help_text=_("Which language fields the names and descriptions go to."))

    def validate_file(self, upload):
        if not upload.name.lower().endswith(".csv"):
            raise serializers.ValidationError(_("Only .csv files can be imported."), code="extension")
        if upload.size > MOODLE_UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(MOODLE_UPLOAD_MAX_BYTES)},
                code="too_large")
        return upload


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(read_only=True)
    column = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField(read_only=True)
    dry_run = serializers.BooleanField(read_only=True)
    layout = serializers.CharField(read_only=True)
    framework = serializers.CharField(source="framework_idnumber", read_only=True)
    created = serializers.IntegerField(read_only=True)
    updated = serializers.IntegerField(read_only=True)
    unchanged = serializers.IntegerField(read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True)
