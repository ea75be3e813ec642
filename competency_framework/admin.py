"""Django admin for frameworks, scales, competencies, profiles and assessments. Every write leaves an audit row
(lms.admin_audit.AuditedAdmin); assessments are evidence: added through `assessment_record`, never edited."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from competency_framework import services
from competency_framework.models import (
    BehaviouralIndicator,
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from lms.admin_audit import AuditedAdmin

NAME_FIELDS = ("name_kk", "name_ru", "name_en")
TEXT_FIELDSETS = (
    (_("Names"), {"fields": (*NAME_FIELDS, "needs_review_kk", "needs_review_ru", "needs_review_en")}),
    (_("Descriptions"), {"fields": ("description_kk", "description_ru", "description_en"),
                         "classes": ("collapse",)}),
)


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0
    fields = ("value", *NAME_FIELDS, "needs_review_kk", "is_default", "is_proficient")


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    list_display = ("idnumber", *NAME_FIELDS, "is_primary", "is_active", "needs_review_kk")
    list_filter = ("is_primary", "is_active", "needs_review_kk")
    search_fields = ("idnumber", *NAME_FIELDS)
    inlines = [ScaleLevelInline]
    fieldsets = (
        (None, {"fields": ("idnumber", "is_primary", "is_active", "taxonomies", "description_format")}),
        *TEXT_FIELDSETS,
    )


@admin.register(ScaleLevel)
class ScaleLevelAdmin(AuditedAdmin):
    list_display = ("framework", "value", *NAME_FIELDS, "is_default", "is_proficient")
    list_filter = ("framework",)
    list_select_related = ("framework",)
    search_fields = NAME_FIELDS


class IndicatorInline(admin.TabularInline):
    model = BehaviouralIndicator
    extra = 0
    fields = ("level", "text_kk", "text_ru", "text_en", "needs_review_kk", "is_example", "sort_order")


@admin.register(Competency)
class CompetencyAdmin(AuditedAdmin):
    list_display = ("idnumber", *NAME_FIELDS, "framework", "parent", "sort_order", "needs_review_kk")
    list_filter = ("framework", "needs_review_kk")
    list_select_related = ("framework", "parent")
    search_fields = ("idnumber", *NAME_FIELDS)
    autocomplete_fields = ("parent", "related")
    inlines = [IndicatorInline]
    fieldsets = (
        (None, {"fields": ("framework", "parent", "idnumber", "sort_order", "description_format", "related")}),
        *TEXT_FIELDSETS,
        (_("Moodle"), {"fields": ("scale_values", "scale_configuration", "rule_type", "rule_outcome",
                                  "rule_config"), "classes": ("collapse",)}),
    )


@admin.register(BehaviouralIndicator)
class BehaviouralIndicatorAdmin(AuditedAdmin):
    list_display = ("competency", "level", "text_ru", "is_example")
    list_filter = ("is_example", "competency__framework")
    list_select_related = ("competency", "level")
    search_fields = ("text_kk", "text_ru", "text_en", "competency__idnumber")


class RequirementInline(admin.TabularInline):
    model = ProfileRequirement
    extra = 0
    autocomplete_fields = ("competency", "level")


@admin.register(PositionProfile)
class PositionProfileAdmin(AuditedAdmin):
    list_display = ("__str__", "framework", "corps", "category_group", "managerial", "body", "is_active")
    list_filter = ("framework", "corps", "category_group", "managerial", "is_active")
    list_select_related = ("framework", "body")
    search_fields = (*NAME_FIELDS, "body__code")
    autocomplete_fields = ("body",)
    inlines = [RequirementInline]
    fieldsets = (
        (None, {"fields": ("framework", "corps", "category_group", "managerial", "body", "is_active")}),
        *TEXT_FIELDSETS,
    )


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = CompetencyAssessment
        fields = ["servant", "competency", "level", "source", "assessed_on", "note"]

    def clean(self):
        """The service's own rule, shown as a form error instead of failing the save."""
        data = super().clean()
        level, competency = data.get("level"), data.get("competency")
        if level and competency and level.framework_id != competency.framework_id:
            self.add_error("level", _("The level does not belong to this framework's scale."))
        return data


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(AuditedAdmin):
    form = AssessmentForm
    list_display = ("servant", "competency", "level", "source", "assessed_on", "assessor")
    list_filter = ("source", "competency__framework")
    list_select_related = ("servant", "competency", "level", "assessor")
    search_fields = ("servant__personnel_number", "servant__last_name_ru", "competency__idnumber")
    autocomplete_fields = ("servant", "competency", "level")
    date_hierarchy = "assessed_on"
    audit_additions = False  # assessment_record writes the audit row

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """A new assessment goes through the service (its checks and its audit row)."""
        saved = services.assessment_record(
            servant=obj.servant, competency=obj.competency, level=obj.level, source=obj.source,
            assessed_on=obj.assessed_on, actor=request.user, note=obj.note)
        obj.pk = saved.pk
