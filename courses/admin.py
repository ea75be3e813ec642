"""Django admin for course types (hours rules), providers and courses. Content edits go through the authoring
API/pages (services): versions are read-only here so the freeze and the audit cannot be bypassed."""

from django.contrib import admin

from courses.models import Course, CourseType, CourseVersion, Provider

NAMES = ("name_kk", "name_ru", "name_en")


@admin.register(CourseType)
class CourseTypeAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES, "min_hours", "max_hours", "self_paced", "sort_order")
    list_editable = ("min_hours", "max_hours", "self_paced", "sort_order")


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
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
    readonly_fields = ("published_version", "created_by", "created_at")
    inlines = [VersionInline]
