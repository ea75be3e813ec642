"""Django admin for staff. Every write leaves an audit row (lms.admin_audit.AuditedAdmin); state-body saves go
through people.services so materialised paths stay right (a move is audited by body_move)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from lms.admin_audit import AuditedAdmin
from people import services
from people.masking import mask_iin
from people.models import (
    CivilServant,
    EmploymentRecord,
    PartnerParticipant,
    Position,
    Region,
    Role,
    RoleAssignment,
    StateBody,
    StructuralUnit,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["body", "unit"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ("preferred_language", "time_zone")}))
    inlines = [RoleAssignmentInline]
    list_display = ("username", "email", "first_name", "last_name", "preferred_language", "is_staff", "is_active")
    list_filter = (*DjangoUserAdmin.list_filter, "preferred_language", "role_assignments__role")

    def save_related(self, request, form, formsets, change):
        """The role inline may add or remove the ADMIN role: the admin-site flags follow it (people.services)."""
        user = form.instance
        had_admin = change and RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()
        super().save_related(request, form, formsets, change)
        services.user_sync_admin_site_access(actor=request.user, user=user, admin_role_removed=had_admin)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "name_kk", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name_ru", "name_kk", "name_en")


class StateBodyForm(forms.ModelForm):
    class Meta:
        model = StateBody
        fields = ["code", "parent", "kind", "region", "name_kk", "name_ru", "name_en"]

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        body = self.instance
        if parent is not None and body.pk and body.path and parent.path.startswith(body.path):
            raise forms.ValidationError(_("A state body cannot be moved under itself or its descendant."))
        return parent


@admin.register(StateBody)
class StateBodyAdmin(AuditedAdmin):
    form = StateBodyForm
    list_display = ("code", "name_ru", "kind", "parent", "region", "depth")
    list_filter = ("kind", "depth", "region")
    list_select_related = ("parent", "region")
    search_fields = ("code", "name_ru", "name_kk", "name_en")
    autocomplete_fields = ("parent", "region")
    readonly_fields = ("path", "depth")

    def save_model(self, request, obj, form, change):
        """New bodies get their path from the parent; a changed parent moves the whole subtree."""
        if change and "parent" in form.changed_data:
            new_parent = obj.parent
            obj.parent = StateBody.objects.get(pk=obj.pk).parent  # save the other fields under the old parent
            super().save_model(request, obj, form, change)
            services.body_move(actor=request.user, body=obj, new_parent=new_parent)
            return
        super().save_model(request, obj, form, change)
        if not change:
            services.body_fix_path(obj)


@admin.register(StructuralUnit)
class StructuralUnitAdmin(AuditedAdmin):
    list_display = ("code", "name_ru", "body", "parent")
    list_filter = ("body__kind",)
    list_select_related = ("body", "parent")
    search_fields = ("code", "name_ru", "name_kk", "name_en", "body__code")
    autocomplete_fields = ("body", "parent")


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ("title_ru", "body", "unit", "corps", "category_code", "managerial", "ekyzmet_code")
    list_filter = ("corps", "managerial", "category_code")
    list_select_related = ("body", "unit")
    search_fields = ("title_ru", "title_kk", "title_en", "ekyzmet_code", "body__code")
    autocomplete_fields = ("body", "unit")


class EmploymentRecordInline(admin.TabularInline):
    model = EmploymentRecord
    extra = 0
    autocomplete_fields = ("position", "body")


@admin.register(CivilServant)
class CivilServantAdmin(AuditedAdmin):
    list_display = ("personnel_number", "masked_iin", "__str__", "body", "position", "first_time_entrant",
                    "is_active")
    list_filter = ("is_active", "first_time_entrant", "position__corps", "position__managerial", "body__kind")
    list_select_related = ("body", "position")
    search_fields = ("personnel_number", "=iin", "last_name_ru", "first_name_ru", "last_name_kk", "last_name_en")
    autocomplete_fields = ("user", "position", "body", "unit", "mentor")
    inlines = [EmploymentRecordInline]

    @admin.display(description=_("IIN"), ordering="iin")
    def masked_iin(self, obj):
        return mask_iin(obj.iin)


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(AuditedAdmin):
    list_display = ("servant", "position", "body", "started_on", "ended_on")
    list_filter = ("ended_on",)
    list_select_related = ("servant", "position", "body")
    search_fields = ("servant__personnel_number", "servant__last_name_ru", "body__code")
    autocomplete_fields = ("servant", "position", "body")
    date_hierarchy = "started_on"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "body", "unit")
    list_filter = ("role",)
    list_select_related = ("user", "body", "unit")
    search_fields = ("user__username", "user__last_name", "body__code", "unit__code")
    autocomplete_fields = ("user", "body", "unit")


@admin.register(PartnerParticipant)
class PartnerParticipantAdmin(AuditedAdmin):
    list_display = ("user", "country", "organisation", "position_title")
    list_filter = ("country",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__last_name", "organisation", "country")
    autocomplete_fields = ("user",)
