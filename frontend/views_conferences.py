"""Conference pages under /events/: public calendar, event page (register, cancel, join, questions), .ics files
and the private feed, "My events", partner sign-up with e-mail verification, and the organisers' page.
Thin: reads from conferences.selectors, writes through conferences.services/attendance/signup."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences import attendance, exports, ics, recordings, selectors, services, signup
from conferences.models import Audience, Event, Question, Registration, Session, SessionRecording
from conferences.timezones import local_to_utc
from frontend.forms_conferences import (
    CalendarFilterForm,
    EventForm,
    PartnerSignupForm,
    QuestionForm,
    SessionForm,
)
from lms.errors import ApplicationError


def _css():
    return {"conferences_css": True}


def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.calendar(request.user, event_type=filters.get("type", ""),
                                language=filters.get("language", ""), country=filters.get("country", ""),
                                month=filters.get("month", ""))
    return render(request, "frontend/conferences/calendar.html", {
        "form": form, "events": events, "can_create": selectors.can_create_events(request.user)})


def _event_for(request, slug) -> Event:
    return get_object_or_404(selectors.events_visible_to(request.user).prefetch_related(
        selectors.sessions_prefetch(), "invited_countries"), slug=slug)


def detail(request, slug):
    event = _event_for(request, slug)
    registration = selectors.registration_of(request.user, event)
    manager = selectors.can_manage(request.user, event)
    now = timezone.now()
    sessions = []
    for session in event.sessions.all():
        session.event = event  # reuse the loaded event (zone, title) without a query per session
        # speakers are prefetched: no query per session for the moderator check
        moderator = manager or (request.user.is_authenticated
                                and any(sp.user_id == request.user.pk for sp in session.speakers.all()))
        state = attendance.join_state(session, request.user, registration, now, moderator=moderator)
        questions = Question.objects.filter(session=session)
        if not manager:
            visible = Q(status=Question.Status.APPROVED)
            if request.user.is_authenticated:
                visible |= Q(author=request.user)
            questions = questions.filter(visible)
        sessions.append({"obj": session, "join": state, "questions": questions,
                         "recordings": selectors.recordings_visible(request.user, session, registration, manager),
                         "can_ask": state in ("open", "too_early") and session.ends_at > now})
    return render(request, "frontend/conferences/detail.html", {
        "event": event, "sessions": sessions, "registration": registration, "manager": manager,
        "counts": selectors.registration_counts(event) if manager else None,
        "seats_left": None if event.capacity is None else max(event.capacity - selectors.seats_taken(event), 0),
        "question_form": QuestionForm(), "refusals": attendance.JOIN_REFUSALS,
    })


@require_POST
def register(request, slug):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('conferences:signup')}?{urlencode({'event': slug})}")
    event = _event_for(request, slug)
    try:
        registration = services.registration_create(event=event, user=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, {
            Registration.Status.CONFIRMED: _("You are registered. The invitation is in your e-mail."),
            Registration.Status.WAITLISTED: _("The event is full: you are on the waiting list."),
            Registration.Status.PENDING: _("Your registration awaits the organisers' approval."),
        }[registration.status])
    return redirect("conferences:detail", slug=slug)


@login_required
@require_POST
def cancel(request, slug):
    event = _event_for(request, slug)
    registration = get_object_or_404(Registration, event=event, user=request.user)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
        messages.success(request, _("Your registration is cancelled."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("conferences:detail", slug=slug)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _visible_session(request, uid) -> Session:
    session = get_object_or_404(Session.objects.select_related("event"), uid=uid)
    if not selectors.events_visible_to(request.user).filter(pk=session.event_id).exists():
        if not request.user.is_authenticated:
            raise PermissionDenied  # non-public event: sign in first
        raise Http404
    return session


def session_ics(request, uid):
    """One session's .ics: public events without login, others for those who can see the event."""
    session = _visible_session(request, uid)
    return _ics_response(ics.session_calendar(session), f"{session.event.slug}-{session.uid}.ics")


def event_ics(request, slug):
    """The invitation of a registration: every session of the event in one file."""
    event = _event_for(request, slug)
    return _ics_response(ics.calendar_for(event.sessions.all(), name=event.title), f"{event.slug}.ics")


def feed(request, token):
    """The private feed calendar apps subscribe to: sessions of the user's confirmed registrations."""
    from conferences.models import CalendarFeed

    owner = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token).user
    if not owner.is_active:
        raise Http404
    sessions = (Session.objects.filter(event__registrations__user=owner,
                                       event__registrations__status=Registration.Status.CONFIRMED)
                .select_related("event").order_by("starts_at"))
    response = HttpResponse(ics.calendar_for(sessions, name=_("APA events")), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def join(request, uid):
    session = selectors.session_for_join(request.user, uid)  # one query: visibility, registration, roles
    if session is None or not session.viewer_visible:
        raise Http404
    try:
        url = attendance.session_join(session=session, user=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("conferences:detail", slug=session.event.slug)
    return redirect(url)


@login_required
def left(request, uid):
    """The conferencing room's logout redirect: closes the attendance interval."""
    session = _visible_session(request, uid)
    attendance.attendance_leave(session=session, user=request.user)
    messages.info(request, _("You have left the session. Thank you for taking part."))
    return redirect("conferences:detail", slug=session.event.slug)


@login_required
@require_POST
def question_ask(request, uid):
    session = _visible_session(request, uid)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A question is 3 to 1,000 characters long."))
    else:
        try:
            attendance.question_ask(session=session, user=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your question is sent; it appears after moderation."))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    return redirect(reverse("conferences:detail", args=[session.event.slug]) + f"#s-{session.uid}")


@login_required
@require_POST
def question_action(request, pk, action):
    question = get_object_or_404(Question.objects.select_related("session__event"), pk=pk)
    session = _visible_session(request, question.session.uid)
    try:
        if action == "vote":
            attendance.question_vote(question=question, user=request.user)
        elif action in ("approve", "hide"):
            attendance.question_moderate(question=question, actor=request.user,
                                         status={"approve": Question.Status.APPROVED, "hide": Question.Status.HIDDEN}[action])
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect(reverse("conferences:detail", args=[session.event.slug]) + f"#s-{session.uid}")


@login_required
def mine(request):
    registrations = selectors.registrations_of(request.user)
    feed_obj = services.calendar_feed_for(request.user)
    return render(request, "frontend/conferences/mine.html", {
        "registrations": registrations, "organised": selectors.events_managed_by(request.user)
        .annotate(n=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
        .order_by("-created_at")[:50],
        "feed_url": request.build_absolute_uri(reverse("conferences:feed", args=[feed_obj.token])),
    })


@login_required
@require_POST
def feed_rotate(request):
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, _("Your calendar link was replaced; subscribe again with the new one."))
    return redirect("conferences:mine")


def signup_view(request):
    event = Event.objects.filter(slug=request.GET.get("event", ""), audience=Audience.PUBLIC).first() or \
        Event.objects.filter(slug=request.GET.get("event", ""), audience=Audience.INVITED).first()
    form = PartnerSignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup.partner_signup_start(
                email=data["email"], password=data["password"], first_name=data["first_name"],
                last_name=data["last_name"], country=data["country"], organisation=data["organisation"],
                position_title=data["position_title"], language=data["language"], time_zone=data["time_zone"],
                event=event)
        except ApplicationError as exc:
            for message in exc.extra.get("fields", {}).get("password", []) or [str(exc.message)]:
                form.add_error("password" if exc.code == "weak_password" else None, message)
            status = 400
        else:
            return render(request, "frontend/conferences/signup_sent.html", {"email": data["email"], "event": event})
    elif request.method == "POST":
        status = 400
    return render(request, "frontend/conferences/signup.html", {"form": form, "event": event}, status=status)


def verify(request, token):
    try:
        user, registration = signup.partner_signup_verify(token=token)
    except ApplicationError as exc:
        return render(request, "frontend/conferences/signup_failed.html", {"message": exc.message}, status=400)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    messages.success(request, _("Your e-mail is confirmed. Welcome!"))
    if registration is not None:
        return redirect("conferences:detail", slug=registration.event.slug)
    return redirect("conferences:calendar")


# ---- organisers --------------------------------------------------------------------------------------------

def _managed(request, slug) -> Event:
    event = get_object_or_404(Event.objects.prefetch_related(selectors.sessions_prefetch()), slug=slug)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied
    return event


@login_required
def event_new(request):
    if not selectors.can_create_events(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        countries = data.pop("invited_countries", [])
        slug = data.pop("slug")
        try:
            event = services.event_create(actor=request.user, slug=slug, invited_countries=countries, **data)
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("conferences:manage", slug=event.slug)
    return render(request, "frontend/conferences/event_form.html", {"form": form, "event": None})


@login_required
def manage(request, slug):
    event = _managed(request, slug)
    edit_form = EventForm(request.POST or None, instance=event) if request.method == "POST" else EventForm(instance=event)
    if request.method == "POST" and edit_form.is_valid():
        data = {k: v for k, v in edit_form.cleaned_data.items() if k != "invited_countries"}
        event.refresh_from_db()
        try:
            services.event_update(event=event, actor=request.user,
                                  invited_countries=edit_form.cleaned_data["invited_countries"], **data)
            messages.success(request, _("Saved."))
            return redirect("conferences:manage", slug=slug)
        except ApplicationError as exc:
            edit_form.add_error(None, str(exc.message))
    sessions = []
    for session in event.sessions.all():
        session.event = event
        local = timezone.localtime(session.starts_at, event.zone)
        sessions.append({"obj": session, "form": SessionForm(prefix=str(session.uid), initial={
            "title_kk": session.title_kk, "title_ru": session.title_ru, "title_en": session.title_en,
            "starts_at": local.replace(tzinfo=None), "duration": session.minutes,
            "languages": session.language_list, "provider": session.provider, "external_url": session.external_url}),
            "minutes": attendance.attendance_minutes(session)})
    registrations = event.registrations.select_related("user").order_by("status", "created_at", "id")
    return render(request, "frontend/conferences/manage.html", {
        "event": event, "form": edit_form, "sessions": sessions, "new_session": SessionForm(prefix="new"),
        "registrations": registrations, "counts": selectors.registration_counts(event),
        "recordings": SessionRecording.objects.filter(session__event=event).select_related("session", "asset"),
        "visibilities": SessionRecording.Visibility.choices,
        "credited": event.registrations.filter(credit__isnull=False).count(),
    })


@login_required
@require_POST
def manage_session(request, slug, uid=None):
    event = _managed(request, slug)
    session = get_object_or_404(Session, uid=uid, event=event) if uid else None
    if session is not None and request.POST.get("cancel"):
        services.session_cancel(session=session, actor=request.user)
        messages.success(request, _("The session is cancelled; participants are notified."))
        return redirect("conferences:manage", slug=slug)
    form = SessionForm(request.POST, prefix=str(uid) if uid else "new")
    if not form.is_valid():
        messages.error(request, "; ".join(f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
        return redirect("conferences:manage", slug=slug)
    data = form.cleaned_data
    try:
        starts = local_to_utc(data["starts_at"].replace(tzinfo=None), event.timezone)
        fields = {"starts_at": starts, "ends_at": starts + timezone.timedelta(minutes=data["duration"]),
                  "title_kk": data["title_kk"], "title_ru": data["title_ru"], "title_en": data["title_en"],
                  "languages": ",".join(data["languages"]), "provider": data["provider"],
                  "external_url": data["external_url"]}
        if session is None:
            services.session_create(event=event, actor=request.user, **fields)
        else:
            services.session_update(session=session, actor=request.user, **fields)
        messages.success(request, _("Saved."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("conferences:manage", slug=slug)


@login_required
@require_POST
def manage_registration(request, slug, pk, decision):
    event = _managed(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        if decision == "cancel":
            services.registration_cancel(registration=registration, actor=request.user)
        else:
            services.registration_decide(registration=registration, approve=decision == "approve", actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("conferences:manage", slug=slug)


@login_required
def manage_export(request, slug):
    return exports.participants_response(_managed(request, slug))


@login_required
@require_POST
def manage_credit(request, slug):
    event = _managed(request, slug)
    try:
        credits = attendance.event_credit_attendance(event=event, actor=request.user)
        messages.success(request, _("%(n)d participants credited.") % {"n": len(credits)})
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("conferences:manage", slug=slug)


@login_required
@require_POST
def manage_recording(request, slug, pk):
    """Who sees a recording, or "Import into the library" (action=import; again after a failure)."""
    event = _managed(request, slug)
    recording = get_object_or_404(SessionRecording, pk=pk, session__event=event)
    try:
        if request.POST.get("action") == "import":
            recordings.recording_request_import(recording=recording, actor=request.user)
            messages.success(request, _("The import has started; the recording appears on the event page "
                                        "once it is processed."))
        else:
            attendance.recording_set_visibility(recording=recording, visibility=request.POST.get("visibility", ""),
                                                actor=request.user)
            messages.success(request, _("Saved."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect(reverse("conferences:manage", args=[slug]) + "#recordings")


@login_required
@require_POST
def manage_recording_add(request, slug):
    """A recording made elsewhere (Zoom, Teams...): the link of its video file, imported into the library."""
    event = _managed(request, slug)
    session = get_object_or_404(Session, uid=request.POST.get("session") or None, event=event) \
        if _is_uuid(request.POST.get("session", "")) else None
    if session is None:
        messages.error(request, _("Choose the session the recording belongs to."))
        return redirect(reverse("conferences:manage", args=[slug]) + "#recordings")
    try:
        recordings.recording_add_link(session=session, url=request.POST.get("url", ""),
                                      visibility=request.POST.get("visibility", ""), actor=request.user)
        messages.success(request, _("The import has started; the recording appears on the event page "
                                    "once it is processed."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect(reverse("conferences:manage", args=[slug]) + "#recordings")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
