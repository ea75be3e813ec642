"""Django admin: training records (HR verifies uploads), exemptions (approval stamped on save) and the
effective-dated compliance rules administrators edit."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.models import (
    Application,
    ApplicationStep,
    AttendanceMark,
    ComplianceRule,
    Exemption,
    Offering,
    Quota,
    RuleVersion,
    TrainingRecord,
    Voucher,
)


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


# --- offerings, applications, vouchers, quotas (the workflow itself goes through the pages and services) -------

@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "starts_on", "ends_on", "capacity", "delivery", "language", "funding",
                    "is_cancelled")
    list_filter = ("funding", "delivery", "language", "is_cancelled")
    search_fields = ("code", "version__course__code", "version__title_ru")
    date_hierarchy = "starts_on"
    raw_id_fields = ("version",)
    list_select_related = ("version__course",)


class ApplicationStepInline(admin.TabularInline):
    model = ApplicationStep
    extra = 0
    can_delete = False
    readonly_fields = ("stage", "decision", "actor", "comment", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: places, waiting list and statuses change only through the services (locks, notices)."""

    list_display = ("offering", "servant", "status", "seat_number", "waitlist_position", "certificate_number",
                    "created_at")
    list_filter = ("status",)
    search_fields = ("servant__personnel_number", "offering__code", "certificate_number")
    raw_id_fields = ("offering", "servant", "quota", "nominated_by", "training_record")
    readonly_fields = ("status", "seat_number", "waitlist_position", "certificate_number", "hours_credited",
                       "completed_at", "created_at", "updated_at")
    list_select_related = ("offering", "servant")
    inlines = [ApplicationStepInline]


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ("code", "body", "valid_from", "valid_to", "application", "used_at")
    list_filter = (("application", admin.EmptyFieldListFilter),)
    search_fields = ("code", "body__code")
    raw_id_fields = ("body", "application")
    readonly_fields = ("application", "used_at")


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ("year", "region", "body", "places", "policy")
    list_filter = ("year", "policy")
    raw_id_fields = ("body",)


@admin.register(AttendanceMark)
class AttendanceMarkAdmin(admin.ModelAdmin):
    list_display = ("application", "day", "present", "marked_by", "marked_at")
    raw_id_fields = ("application",)
