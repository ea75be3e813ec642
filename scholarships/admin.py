from django.contrib import admin

from lms.admin_audit import AuditedAdmin, ReadOnlyAdmin
from scholarships import models


class ProgrammeInline(admin.TabularInline):
    model = models.Programme
    extra = 0


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.Call)
class CallAdmin(AuditedAdmin):
    """Calls are set up here (no page yet); every save is mirrored into the audit log."""

    list_display = ("code", "title_en", "budget", "applications_close_at", "results_at")
    search_fields = ("code", "title_en", "title_ru", "title_kk")
    inlines = [ProgrammeInline, CriterionInline]


@admin.register(models.EnglishEquivalence)
class EnglishEquivalenceAdmin(AuditedAdmin):
    list_display = ("test", "min_score", "ielts")
    list_filter = ("test",)


class PreferenceInline(admin.TabularInline):
    model = models.Preference
    extra = 0


class ReviewInline(admin.TabularInline):
    model = models.Review
    extra = 0
    readonly_fields = ("reviewer", "state", "total", "scores", "submitted_at")


@admin.register(models.Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Applications, reviews and runs change only through the audited services (pages and API)."""

    list_display = ("id", "call", "full_name", "country", "status", "final_score", "offer")
    list_filter = ("call", "status", "country")
    search_fields = ("full_name", "organisation")
    raw_id_fields = ("applicant",)
    inlines = [PreferenceInline, ReviewInline]


@admin.register(models.AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    list_display = ("call", "round", "input_hash", "ran_by", "ran_at", "published_at")
    list_filter = ("call",)
    readonly_fields = ("input_hash", "instance", "parameters", "pseudonyms", "summary", "ran_by", "ran_at")
