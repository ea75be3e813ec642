from django.contrib import admin

from lms.models import AuditEntry, ImportJob


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: staff read it, nobody edits it here."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    list_select_related = ("actor",)
    search_fields = ("action", "object_type", "object_id", "summary", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Import jobs are a record of what a worker did: read here, changed only by lms.import_jobs."""

    list_display = ("created_at", "owner", "kind", "filename", "dry_run", "status", "finished_at")
    list_filter = ("kind", "status", "dry_run")
    list_select_related = ("owner",)
    search_fields = ("filename", "sha256", "owner__username")
    date_hierarchy = "created_at"
    exclude = ("file",)  # the upload itself holds personal data and is deleted once the job finishes

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
