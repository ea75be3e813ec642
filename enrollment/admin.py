"""Django admin of course runs: offerings, applications (read-mostly), vouchers, quotas, attendance. Every
addition, change and deletion leaves an audit row (lms.admin_audit.AuditedAdmin); the workflow itself (places,
waiting list, approvals, completion) goes through the pages and services."""

from django.contrib import admin

from enrollment.models import Application, ApplicationStep, AttendanceMark, Offering, Quota, Voucher
from lms.admin_audit import AuditedAdmin

# --- offerings, applications, vouchers, quotas (the workflow itself goes through the pages and services) -------

@admin.register(Offering)
class OfferingAdmin(AuditedAdmin):
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
    readonly_fields = ("stage", "decision", "actor", "note", "at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
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
class VoucherAdmin(AuditedAdmin):
    list_display = ("code", "body", "valid_from", "valid_to", "application", "used_at")
    list_filter = (("application", admin.EmptyFieldListFilter),)
    search_fields = ("code", "body__code")
    raw_id_fields = ("body", "application")
    readonly_fields = ("application", "used_at")


@admin.register(Quota)
class QuotaAdmin(AuditedAdmin):
    list_display = ("year", "region", "body", "places", "policy")
    list_filter = ("year", "policy")
    raw_id_fields = ("body",)


@admin.register(AttendanceMark)
class AttendanceMarkAdmin(AuditedAdmin):
    list_display = ("application", "day", "present", "marked_by", "marked_at")
    raw_id_fields = ("application",)
