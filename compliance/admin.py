"""Django admin of the compliance context. Every write goes through the audited services (compliance.services):
new training records, verification, exemptions (created and withdrawn) and new rule versions. Saved rows are
read-only here: a rule version is replaced by a newer one (which closes it), an exemption is withdrawn and
created again, so the audit log tells the whole story."""

from django import forms
from django.contrib import admin, messages
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from compliance import services
from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
from lms.errors import ApplicationError


class ServiceAdmin(admin.ModelAdmin):
    """Adding calls `create(request, obj, form)`; saved rows can be viewed, not changed."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            created = self.create(request, obj, form)
        except ApplicationError as exc:  # scope refusals: the form checks cannot know the actor
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = created.pk  # the admin's redirect and "added" message name the row the service wrote

    def save_related(self, request, form, formsets, change):
        """The service has written the relations already (rule versions' course types)."""

    def create(self, request, obj, form):
        raise NotImplementedError


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ServiceAdmin):
    list_display = (
        "servant",
        "title",
        "course_type",
        "hours",
        "completed_on",
        "provider",
        "source",
        "verified_at",
    )
    list_filter = ("course_type", "source", ("verified_at", admin.EmptyFieldListFilter))
    search_fields = ("servant__personnel_number", "title", "provider")
    date_hierarchy = "completed_on"
    raw_id_fields = ("servant",)
    fields = ("servant", "title", "course_type", "hours", "completed_on", "provider", "source", "evidence")
    list_select_related = ("servant", "course_type")
    actions = ["mark_verified"]

    def has_delete_permission(self, request, obj=None):
        return False  # the ledger keeps what was recorded

    def create(self, request, obj, form):
        return services.training_record_create(
            servant=obj.servant,
            title=obj.title,
            course_type=obj.course_type_id,
            hours=obj.hours,
            completed_on=obj.completed_on,
            provider=obj.provider,
            source=obj.source,
            evidence=form.cleaned_data.get("evidence"),
            actor=request.user,
        )

    @admin.action(description=_("Mark selected records as verified"))
    def mark_verified(self, request, queryset):
        pending = list(queryset.filter(verified_at__isnull=True).select_related("servant__body"))
        for record in pending:
            services.training_record_verify(record=record, actor=request.user)
        self.message_user(request, _("%(count)d records verified.") % {"count": len(pending)})


@admin.register(Exemption)
class ExemptionAdmin(ServiceAdmin):
    list_display = ("servant", "reason", "start_on", "end_on", "approved_by", "approved_at")
    list_filter = ("reason",)
    search_fields = ("servant__personnel_number",)
    raw_id_fields = ("servant",)
    fields = ("servant", "reason", "start_on", "end_on", "note", "approved_by", "approved_at")
    readonly_fields = ("approved_by", "approved_at")
    list_select_related = ("servant", "approved_by")
    actions = None  # bulk delete would bypass exemption_delete

    def create(self, request, obj, form):
        return services.exemption_create(
            servant=obj.servant,
            reason=obj.reason,
            start_on=obj.start_on,
            end_on=obj.end_on,
            note=obj.note,
            actor=request.user,
        )

    def delete_model(self, request, obj):
        services.exemption_delete(exemption=obj, actor=request.user)


class RuleVersionInline(admin.TabularInline):
    model = RuleVersion
    extra = 0
    can_delete = False
    fields = (
        "valid_from",
        "valid_to",
        "period_years",
        "window_months",
        "newly_appointed_months",
        "months_before_appointment",
        "thresholds",
    )
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # new versions: the rule version admin (rule_version_create)


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__")
    readonly_fields = ("code",)
    inlines = [RuleVersionInline]

    def has_add_permission(self, request):
        return False  # the three rules are the engine's; their parameters change through versions

    def has_delete_permission(self, request, obj=None):
        return False


class RuleVersionForm(forms.ModelForm):
    def _post_clean(self):
        """No model validation here: the overlap with the open version is what rule_version_create resolves
        (it closes that version), and the service validates everything else."""
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


@admin.register(RuleVersion)
class RuleVersionAdmin(ServiceAdmin):
    form = RuleVersionForm
    list_display = ("rule", "valid_from", "valid_to", "period_years", "window_months", "thresholds")
    list_filter = ("rule",)
    fields = (
        "rule",
        "valid_from",
        "period_years",
        "window_months",
        "newly_appointed_months",
        "months_before_appointment",
        "qualifying_course_types",
        "thresholds",
        "valid_to",
    )
    readonly_fields = ("valid_to",)
    filter_horizontal = ("qualifying_course_types",)

    def has_delete_permission(self, request, obj=None):
        return False  # history of the rules: a newer version closes this one

    def create(self, request, obj, form):
        data = form.cleaned_data
        return services.rule_version_create(
            rule_code=obj.rule.code,
            valid_from=obj.valid_from,
            actor=request.user,
            qualifying_types=[t.code for t in data["qualifying_course_types"]],
            period_years=obj.period_years,
            window_months=obj.window_months,
            newly_appointed_months=obj.newly_appointed_months,
            months_before_appointment=obj.months_before_appointment,
            thresholds=obj.thresholds,
        )
