"""Conferences in the Django admin. Staff writes go through the audited services with their rules (an event's
capacity promotes the waiting list, a registration decision notifies, moderation and recording audiences are
recorded); sessions are edited on the organisers' page, where a change bumps the calendar sequence and tells
the participants. Attendance and credits are evidence: read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from conferences import questions, recordings, services
from conferences.models import (
    AttendanceCredit,
    AttendanceInterval,
    Event,
    EventCountry,
    Question,
    Registration,
    Session,
    SessionRecording,
    Speaker,
)
from lms.admin_audit import AuditedAdmin, ReadOnlyAdmin
from lms.errors import ApplicationError


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SessionInline(ReadOnlyInline):
    model = Session
    fields = ("title_ru", "title_en", "starts_at", "ends_at", "languages", "provider", "external_url", "status",
              "sequence")


class CountryInline(ReadOnlyInline):
    model = EventCountry


def _run(modeladmin, request, items, call) -> None:
    """Apply a service to each selected row; a refusal names the row and the reason, the others go on."""
    done = 0
    for item in items:
        try:
            call(item)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{item}: {exc.message}", level=messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, _("%(n)d done.") % {"n": done}, level=messages.SUCCESS)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "event_type", "audience", "status", "capacity", "timezone", "accredited")
    list_filter = ("event_type", "audience", "status", "accredited")
    search_fields = ("slug", "title_kk", "title_ru", "title_en")
    filter_horizontal = ("organisers",)
    inlines = [CountryInline, SessionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # an event is cancelled (status), which tells its participants; rows stay as evidence

    def get_readonly_fields(self, request, obj=None):
        # organisers are named when the event is created; later changes go through the organisers' page
        return ("slug", "organisers") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.EVENT_FIELDS}
        try:
            if change:
                if fields:
                    services.event_update(event=Event.objects.get(pk=obj.pk), actor=request.user, **fields)
                return
            data = {name: form.cleaned_data[name] for name in services.EVENT_FIELDS if name in form.cleaned_data}
            created = services.event_create(actor=request.user, slug=form.cleaned_data["slug"],
                                            organisers=list(form.cleaned_data.get("organisers") or []), **data)
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = created.pk  # the admin's redirect and message name the row the service wrote

    def save_related(self, request, form, formsets, change):
        """The service has set the organisers (no form.save_m2m); the inlines are read-only."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Speaker)
class SpeakerAdmin(AuditedAdmin):
    """Speakers are reference data without rules: admin writes are mirrored into the audit log."""

    list_display = ("name_en", "name_ru", "organisation", "country")
    search_fields = ("name_kk", "name_ru", "name_en", "organisation")
    raw_id_fields = ("user",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("event", "user", "status", "country", "created_at")
    list_filter = ("status", "country")
    list_select_related = ("event", "user")
    actions = ["approve", "reject", "cancel"]

    @admin.action(description=_("Approve the selected pending registrations"))
    def approve(self, request, queryset):
        _run(self, request, queryset.select_related("event"), lambda r: services.registration_decide(
            registration=r, approve=True, actor=request.user))

    @admin.action(description=_("Reject the selected pending registrations"))
    def reject(self, request, queryset):
        _run(self, request, queryset.select_related("event"), lambda r: services.registration_decide(
            registration=r, approve=False, actor=request.user))

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        _run(self, request, queryset.select_related("event"), lambda r: services.registration_cancel(
            registration=r, actor=request.user))


@admin.register(AttendanceInterval)
class AttendanceIntervalAdmin(ReadOnlyAdmin):
    list_display = ("session", "user", "joined_at", "left_at", "source")


@admin.register(AttendanceCredit)
class AttendanceCreditAdmin(ReadOnlyAdmin):
    list_display = ("registration", "hours", "percent", "certificate_number")


@admin.register(SessionRecording)
class SessionRecordingAdmin(ReadOnlyAdmin):
    list_display = ("session", "record_id", "source", "visibility", "import_status", "asset")
    list_filter = ("visibility", "import_status", "source")
    list_select_related = ("session__event", "asset")
    actions = ["import_to_library", "show_to_organisers", "show_to_registered", "show_to_audience"]

    @admin.action(description=_("Import the selected recordings into the media library"))
    def import_to_library(self, request, queryset):
        _run(self, request, queryset, lambda r: recordings.recording_request_import(recording=r, actor=request.user))

    def _visibility(self, request, queryset, visibility):
        _run(self, request, queryset, lambda r: recordings.recording_set_visibility(
            recording=r, visibility=visibility, actor=request.user))

    @admin.action(description=_("Show the selected recordings to the organisers only"))
    def show_to_organisers(self, request, queryset):
        self._visibility(request, queryset, SessionRecording.Visibility.ORGANISERS)

    @admin.action(description=_("Show the selected recordings to registered participants"))
    def show_to_registered(self, request, queryset):
        self._visibility(request, queryset, SessionRecording.Visibility.REGISTERED)

    @admin.action(description=_("Show the selected recordings to everyone who can see the event"))
    def show_to_audience(self, request, queryset):
        self._visibility(request, queryset, SessionRecording.Visibility.AUDIENCE)


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("session", "status", "votes", "created_at")
    list_filter = ("status",)
    list_select_related = ("session__event",)
    actions = ["publish", "hide"]

    @admin.action(description=_("Publish the selected questions"))
    def publish(self, request, queryset):
        _run(self, request, queryset, lambda q: questions.question_moderate(
            question=q, status=Question.Status.APPROVED, actor=request.user))

    @admin.action(description=_("Hide the selected questions"))
    def hide(self, request, queryset):
        _run(self, request, queryset, lambda q: questions.question_moderate(
            question=q, status=Question.Status.HIDDEN, actor=request.user))
