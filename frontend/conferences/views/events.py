"""Conference pages under /events/ for participants: public calendar, event page (register, cancel, join,
questions), .ics files and the private feed, "My events". Thin: reads from conferences.selectors, writes
through conferences services (services, attendance, questions) via `call_service`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from conferences import attendance, ics, questions, selectors, services
from conferences.models import Event, Question, Registration
from frontend.conferences.forms import CalendarFilterForm, QuestionForm
from frontend.service_calls import call_service

REGISTERED = {
    Registration.Status.CONFIRMED: gettext_lazy("You are registered. The invitation is in your e-mail."),
    Registration.Status.WAITLISTED: gettext_lazy("The event is full: you are on the waiting list."),
    Registration.Status.PENDING: gettext_lazy("Your registration awaits the organisers' approval."),
}


def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.calendar(request.user, event_type=filters.get("type", ""),
                                language=filters.get("language", ""), country=filters.get("country", ""),
                                month=filters.get("month", ""))
    return render(request, "frontend/conferences/calendar.html", {
        "form": form, "events": events, "can_create": selectors.can_create_events(request.user)})


def event_for(request, slug) -> Event:
    return get_object_or_404(selectors.events_visible_to(request.user).prefetch_related(
        selectors.sessions_prefetch(), "invited_countries"), slug=slug)


def detail(request, slug):
    event = event_for(request, slug)
    registration = selectors.registration_of(request.user, event)
    manager = selectors.can_manage(request.user, event)
    now = timezone.now()
    sessions = []
    for session in event.sessions.all():
        session.event = event  # reuse the loaded event (zone, title) without a query per session
        moderator = manager or selectors.is_speaker(request.user, session)
        state = attendance.join_state(session, request.user, registration, now, moderator=moderator)
        sessions.append({
            "obj": session, "join": state,
            "questions": selectors.questions_visible_to(request.user, session, moderator=moderator),
            "recordings": selectors.recordings_visible(request.user, session, registration, manager),
            "can_ask": questions.questions_open(session, join_state=state, now=now),
        })
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
    event = event_for(request, slug)
    outcome = call_service(request, services.registration_create, event=event, user=request.user)
    if outcome.ok:
        messages.success(request, REGISTERED[outcome.value.status])
    return redirect("conferences:detail", slug=slug)


@login_required
@require_POST
def cancel(request, slug):
    event = event_for(request, slug)
    registration = get_object_or_404(Registration, event=event, user=request.user)
    call_service(request, services.registration_cancel, success=_("Your registration is cancelled."),
                 registration=registration, actor=request.user)
    return redirect("conferences:detail", slug=slug)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _visible_session(request, uid):
    session = selectors.session_visible_to(request.user, uid)
    if session is None:
        if not request.user.is_authenticated:
            raise PermissionDenied  # a non-public event (or none): sign in first
        raise Http404
    return session


def session_ics(request, uid):
    """One session's .ics: public events without login, others for those who can see the event."""
    session = _visible_session(request, uid)
    return _ics_response(ics.session_calendar(session), f"{session.event.slug}-{session.uid}.ics")


def event_ics(request, slug):
    """The invitation of a registration: every session of the event in one file."""
    event = event_for(request, slug)
    return _ics_response(ics.calendar_for(event.sessions.all(), name=event.title), f"{event.slug}.ics")


def feed(request, token):
    """The private feed calendar apps subscribe to: sessions of the user's confirmed registrations."""
    sessions = selectors.feed_sessions(token)
    if sessions is None:
        raise Http404
    response = HttpResponse(ics.calendar_for(sessions, name=_("APA events")),
                            content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def join(request, uid):
    """GET (a link in an e-mail or a calendar) shows the session with a join button; POST joins: joining
    records attendance, so it is never done by a plain GET (link previews, prefetching)."""
    session = selectors.session_for_join(request.user, uid)  # one query: visibility, registration, roles
    if session is None or not session.viewer_visible:
        raise Http404
    if request.method == "GET":
        return render(request, "frontend/conferences/join.html", {"session": session, "event": session.event})
    outcome = call_service(request, attendance.session_join, session=session, user=request.user)
    if not outcome.ok:
        return redirect("conferences:detail", slug=session.event.slug)
    return redirect(outcome.value)


@login_required
def left(request, uid):
    """The conferencing room's logout redirect: closes the attendance interval."""
    session = _visible_session(request, uid)
    attendance.attendance_leave(session=session, user=request.user)
    messages.info(request, _("You have left the session. Thank you for taking part."))
    return redirect("conferences:detail", slug=session.event.slug)


def _session_anchor(session) -> str:
    return reverse("conferences:detail", args=[session.event.slug]) + f"#s-{session.uid}"


@login_required
@require_POST
def question_ask(request, uid):
    session = _visible_session(request, uid)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A question is 3 to 1,000 characters long."))
    else:
        call_service(request, questions.question_ask,
                     success=_("Your question is sent; it appears after moderation."),
                     session=session, user=request.user, text=form.cleaned_data["text"])
    return redirect(_session_anchor(session))


MODERATION = {"approve": Question.Status.APPROVED, "hide": Question.Status.HIDDEN}


@login_required
@require_POST
def question_action(request, pk, action):
    question = get_object_or_404(Question.objects.select_related("session__event"), pk=pk)
    session = _visible_session(request, question.session.uid)
    if action == "vote":
        call_service(request, questions.question_vote, question=question, user=request.user)
    elif action in MODERATION:
        call_service(request, questions.question_moderate, question=question, actor=request.user,
                     status=MODERATION[action])
    else:
        raise Http404
    return redirect(_session_anchor(session))


@login_required
def mine(request):
    feed_obj = services.calendar_feed_for(request.user)
    return render(request, "frontend/conferences/mine.html", {
        "registrations": selectors.registrations_of(request.user),
        "organised": selectors.events_organised_with_counts(request.user),
        "feed_url": request.build_absolute_uri(reverse("conferences:feed", args=[feed_obj.token])),
    })


@login_required
@require_POST
def feed_rotate(request):
    call_service(request, services.calendar_feed_rotate,
                 success=_("Your calendar link was replaced; subscribe again with the new one."), user=request.user)
    return redirect("conferences:mine")
