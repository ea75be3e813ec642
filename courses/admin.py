"""Django admin for course types (hours rules), providers and courses. Content edits go through the authoring
API/pages (services): versions are read-only here so the freeze and the audit cannot be bypassed. Course types
and providers are reference data: every admin write leaves an audit row (lms.admin_audit.AuditedAdmin). A
course is created and archived by its services; here only its authors change, through `course_set_authors`."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from courses import services
from courses.models import Course, CourseType, CourseVersion, Provider
from lms.admin_audit import AuditedAdmin
from lms.errors import ApplicationError

NAMES = ("name_kk", "name_ru", "name_en")


@admin.register(CourseType)
class CourseTypeAdmin(AuditedAdmin):
    list_display = ("code", *NAMES, "min_hours", "max_hours", "self_paced", "sort_order")
    list_editable = ("min_hours", "max_hours", "self_paced", "sort_order")


@admin.register(Provider)
class ProviderAdmin(AuditedAdmin):
    list_display = ("code", "kind", *NAMES, "country", "is_active")
    list_filter = ("kind", "country", "is_active")
    search_fields = ("code", *NAMES)


class VersionInline(admin.TabularInline):
    model = CourseVersion
    fields = ("number", "status", "title_ru", "course_type", "provider", "hours", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "published_version", "created_at")
    search_fields = ("code", "versions__title_ru", "versions__title_kk", "versions__title_en")
    filter_horizontal = ("authors",)
    readonly_fields = ("code", "published_version", "created_by", "created_at")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False  # course_create (authoring pages, API) makes the course with its first version

    def has_delete_permission(self, request, obj=None):
        return False  # course_archive keeps the history learners and training records point to

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["authors"].required = True  # the service's rule, as a form error
        return form

    def save_model(self, request, obj, form, change):
        pass  # nothing but the authors is editable; they are saved (and audited) in save_related

    def save_related(self, request, form, formsets, change):
        try:
            services.course_set_authors(course=form.instance, authors=list(form.cleaned_data["authors"]),
                                        actor=request.user)
        except ApplicationError as exc:
            raise PermissionDenied(exc.message) from exc
        for formset in formsets:  # the read-only versions inline: saves nothing, but the change message reads it
            self.save_formset(request, form, formset, change=change)
