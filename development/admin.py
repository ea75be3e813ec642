"""Admin of the development context: templates are reference data (every admin write audited); plans, needs,
evaluations, reserve and adaptation rows are written by the audited services and shown read-only."""

from django.contrib import admin

from development.models import (
    AdaptationPlan,
    DevelopmentPlan,
    EvaluationResult,
    PlanTemplate,
    PlanTemplateItem,
    ReserveMembership,
    TrainingNeed,
)
from lms.admin_audit import AuditedAdmin, ReadOnlyAdmin


class TemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 1


@admin.register(PlanTemplate)
class PlanTemplateAdmin(AuditedAdmin):
    list_display = ("title_ru", "corps", "category_group", "managerial", "is_active")
    inlines = [TemplateItemInline]


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ReadOnlyAdmin):
    list_display = ("servant", "period_start", "status", "mandatory")
    list_filter = ("status", "mandatory")


@admin.register(TrainingNeed)
class TrainingNeedAdmin(ReadOnlyAdmin):
    list_display = ("servant", "source", "year", "competency", "consumed_by")


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ReadOnlyAdmin):
    list_display = ("servant", "year", "quarter", "score", "source")


@admin.register(ReserveMembership)
class ReserveMembershipAdmin(ReadOnlyAdmin):
    list_display = ("servant", "admitted_on", "certificate_number", "valid_until", "left_on")


@admin.register(AdaptationPlan)
class AdaptationPlanAdmin(ReadOnlyAdmin):
    list_display = ("servant", "mentor", "starts_on", "ends_on", "extensions")
