"""The organisers' pages of an event: create, edit, sessions, registrations, participants export, credit and
recordings. Thin: every write is one conferences service through `call_service`."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from conferences import attendance, exports, recordings, selectors, services
from conferences.models import Event, Registration, Session, SessionRecording
from conferences.timezones import local_to_utc
from frontend.conferences.forms import EventForm, SessionForm
from frontend.service_calls import call_service

IMPORT_STARTED = gettext_lazy("The import has started; the recording appears on the event page once it is "
                              "processed.")


def _managed(request, slug) -> Event:
    event = get_object_or_404(Event.objects.prefetch_related(selectors.sessions_prefetch()), slug=slug)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied
    return event


def _recordings_url(slug: str) -> str:
    return reverse("conferences:manage", args=[slug]) + "#recordings"


@login_required
def event_new(request):
    if not selectors.can_create_events(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        countries = data.pop("invited_countries", [])
        outcome = call_service(request, services.event_create, form=form, actor=request.user,
                               invited_countries=countries, **data)
        if outcome.ok:
            return redirect("conferences:manage", slug=outcome.value.slug)
    return render(request, "frontend/conferences/event_form.html", {"form": form, "event": None})


@login_required
def manage(request, slug):
    event = _managed(request, slug)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "invited_countries"}
        event.refresh_from_db()  # the service compares with the stored row, not the form-updated instance
        if call_service(request, services.event_update, form=form, success=_("Saved."), event=event,
                        actor=request.user, invited_countries=form.cleaned_data["invited_countries"], **data).ok:
            return redirect("conferences:manage", slug=slug)
    return render(request, "frontend/conferences/manage.html", {
        "event": event, "form": form, "sessions": [_session_row(event, s) for s in event.sessions.all()],
        "new_session": SessionForm(prefix="new"),
        "registrations": event.registrations.select_related("user").order_by("status", "created_at", "id"),
        "counts": selectors.registration_counts(event), "recordings": selectors.event_recordings(event),
        "visibilities": SessionRecording.Visibility.choices, "credited": selectors.credited_count(event),
    })


def _session_row(event, session) -> dict:
    session.event = event
    local = timezone.localtime(session.starts_at, event.zone)
    form = SessionForm(prefix=str(session.uid), initial={
        "title_kk": session.title_kk, "title_ru": session.title_ru, "title_en": session.title_en,
        "starts_at": local.replace(tzinfo=None), "duration": session.minutes, "languages": session.language_list,
        "provider": session.provider, "external_url": session.external_url})
    return {"obj": session, "form": form, "minutes": attendance.attendance_minutes(session)}


@login_required
@require_POST
def manage_session(request, slug, uid=None):
    event = _managed(request, slug)
    session = get_object_or_404(Session, uid=uid, event=event) if uid else None
    if session is not None and request.POST.get("cancel"):
        call_service(request, services.session_cancel,
                     success=_("The session is cancelled; participants are notified."),
                     session=session, actor=request.user)
        return redirect("conferences:manage", slug=slug)
    form = SessionForm(request.POST, prefix=str(uid) if uid else "new")
    if not form.is_valid():
        messages.error(request, "; ".join(f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
        return redirect("conferences:manage", slug=slug)
    data = form.cleaned_data

    def save():  # the event's wall-clock time becomes UTC (refused when it does not exist in that zone)
        starts = local_to_utc(data["starts_at"].replace(tzinfo=None), event.timezone)
        fields = {"starts_at": starts, "ends_at": starts + timezone.timedelta(minutes=data["duration"]),
                  "title_kk": data["title_kk"], "title_ru": data["title_ru"], "title_en": data["title_en"],
                  "languages": ",".join(data["languages"]), "provider": data["provider"],
                  "external_url": data["external_url"]}
        if session is None:
            return services.session_create(event=event, actor=request.user, **fields)
        return services.session_update(session=session, actor=request.user, **fields)

    call_service(request, save, success=_("Saved."))
    return redirect("conferences:manage", slug=slug)


@login_required
@require_POST
def manage_registration(request, slug, pk, decision):
    event = _managed(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    if decision == "cancel":
        call_service(request, services.registration_cancel, registration=registration, actor=request.user)
    else:
        call_service(request, services.registration_decide, registration=registration,
                     approve=decision == "approve", actor=request.user)
    return redirect("conferences:manage", slug=slug)


@login_required
def manage_export(request, slug):
    return exports.participants_response(_managed(request, slug))


@login_required
@require_POST
def manage_credit(request, slug):
    event = _managed(request, slug)
    outcome = call_service(request, attendance.event_credit_attendance, event=event, actor=request.user)
    if outcome.ok:
        messages.success(request, _("%(n)d participants credited.") % {"n": len(outcome.value)})
    return redirect("conferences:manage", slug=slug)


@login_required
@require_POST
def manage_recording(request, slug, pk):
    """Who sees a recording, or "Import into the library" (action=import; again after a failure)."""
    event = _managed(request, slug)
    recording = get_object_or_404(SessionRecording, pk=pk, session__event=event)
    if request.POST.get("action") == "import":
        call_service(request, recordings.recording_request_import, success=IMPORT_STARTED,
                     recording=recording, actor=request.user)
    else:
        call_service(request, recordings.recording_set_visibility, success=_("Saved."), recording=recording,
                     visibility=request.POST.get("visibility", ""), actor=request.user)
    return redirect(_recordings_url(slug))


@login_required
@require_POST
def manage_recording_add(request, slug):
    """A recording made elsewhere (Zoom, Teams...): the link of its video file, imported into the library."""
    event = _managed(request, slug)
    uid = request.POST.get("session", "")
    session = get_object_or_404(Session, uid=uid, event=event) if _is_uuid(uid) else None
    if session is None:
        messages.error(request, _("Choose the session the recording belongs to."))
        return redirect(_recordings_url(slug))
    call_service(request, recordings.recording_add_link, success=IMPORT_STARTED, session=session,
                 url=request.POST.get("url", ""), visibility=request.POST.get("visibility", ""), actor=request.user)
    return redirect(_recordings_url(slug))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
