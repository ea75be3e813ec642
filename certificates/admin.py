"""Read-only: certificates are issued and revoked through the services (audited), never edited by hand."""

from django.contrib import admin

from certificates.models import Certificate, CertificateCounter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "holder_name", "title_ru", "kind", "hours", "issued_on", "revoked_at")
    list_filter = ("kind", "course_type", "issued_on")
    search_fields = ("number", "holder_name", "holder_name_en", "source_key")
    exclude = ("verification_code", "credential_jwt")
    list_select_related = ()


admin.site.register(CertificateCounter, ReadOnlyAdmin, list_display=("series", "year", "last"))
