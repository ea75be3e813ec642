"""Django admin: training records (HR verifies uploads), exemptions (approval stamped on save) and the
effective-dated compliance rules administrators edit."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("servant", "title", "course_type", "hours", "completed_on", "provider", "source", "verified_at")
    list_filter = ("course_type", "source", ("verified_at", admin.EmptyFieldListFilter))
    search_fields = ("servant__personnel_number", "title", "provider")
    date_hierarchy = "completed_on"
    raw_id_fields = ("servant",)
    readonly_fields = ("verified_by", "verified_at", "created_at")
    list_select_related = ("servant",)
    actions = ["mark_verified"]

    @admin.action(description=_("Mark selected records as verified"))
    def mark_verified(self, request, queryset):
        updated = queryset.filter(verified_at__isnull=True).update(verified_by=request.user,
                                                                   verified_at=timezone.now())
        self.message_user(request, _("%(count)d records verified.") % {"count": updated})


@admin.register(Exemption)
class ExemptionAdmin(admin.ModelAdmin):
    list_display = ("servant", "reason", "start_on", "end_on", "approved_by", "approved_at")
    list_filter = ("reason",)
    search_fields = ("servant__personnel_number",)
    raw_id_fields = ("servant",)
    readonly_fields = ("approved_by", "approved_at")
    list_select_related = ("servant", "approved_by")

    def save_model(self, request, obj, form, change):
        obj.approved_by, obj.approved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


class RuleVersionInline(admin.StackedInline):
    model = RuleVersion
    extra = 0


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__")
    inlines = [RuleVersionInline]


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("rule", "valid_from", "valid_to", "period_years", "window_months", "min_hours", "max_hours",
                    "qualifying_types", "thresholds")
    list_filter = ("rule",)
