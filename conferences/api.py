"""REST API /api/v1/ for events. The list is public (no login): anonymous callers get public events, signed-in
users everything their audience rules allow. Writes go through conferences.services / attendance."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from conferences import attendance, exports, questions, selectors, serializers, services
from conferences.bbb import BBBError, verify_signed_parameters
from conferences.models import Event, Question, Registration, Session
from lms.errors import ApplicationError, NotAllowed

FILTERS = [OpenApiParameter(name, str, description=desc) for name, desc in (
    ("type", "event type"), ("language", "kk, ru or en"), ("country", "ISO 3166 alpha-2"),
    ("month", "YYYY-MM"), ("past", "1 to include past events"))]


def _visible_event(request, slug: str) -> Event:
    return get_object_or_404(selectors.events_visible_to(request.user), slug=slug)


def _managed_event(request, slug: str) -> Event:
    event = _visible_event(request, slug)
    if not selectors.can_manage(request.user, event):
        raise NotAllowed(_("Only the organisers of this event may do this."))
    return event


def _visible_session(request, uid) -> Session:
    session = get_object_or_404(Session.objects.select_related("event"), uid=uid)
    if not selectors.events_visible_to(request.user).filter(pk=session.event_id).exists():
        from django.http import Http404
        raise Http404
    return session


class EventListView(generics.ListCreateAPIView):
    """GET: events (public ones without login), each with its sessions. POST: create (faculty, admins)."""

    serializer_class = serializers.EventSerializer
    filter_backends = []

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.calendar(self.request.user, event_type=q.get("type", ""), language=q.get("language", ""),
                                  country=q.get("country", ""), month=q.get("month", ""),
                                  include_past=q.get("past") == "1")

    @extend_schema(request=serializers.EventWriteSerializer, responses=serializers.EventSerializer)
    def post(self, request, *args, **kwargs):
        data = _write_data(serializers.EventWriteSerializer, request.data)
        if "slug" not in data or "event_type" not in data:
            raise ApplicationError("invalid", _("slug and event_type are required."))
        event = services.event_create(actor=request.user, **data)
        return Response(serializers.EventSerializer(event).data, status=status.HTTP_201_CREATED)


def _write_data(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class EventDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=serializers.EventSerializer)
    def get(self, request, slug):
        event = get_object_or_404(selectors.events_visible_to(request.user).prefetch_related(
            selectors.sessions_prefetch(), "invited_countries"), slug=slug)
        return Response(serializers.EventSerializer(event).data)

    @extend_schema(request=serializers.EventWriteSerializer, responses=serializers.EventSerializer)
    def patch(self, request, slug):
        if not request.user.is_authenticated:
            raise NotAllowed()
        event = _managed_event(request, slug)
        data = _write_data(serializers.EventWriteSerializer, request.data, partial=True)
        data.pop("slug", None)
        event = services.event_update(event=event, actor=request.user, **data)
        return Response(serializers.EventSerializer(event).data)


class SessionCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=serializers.SessionWriteSerializer, responses=serializers.SessionSerializer)
    def post(self, request, slug):
        event = _managed_event(request, slug)
        serializer = serializers.SessionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.times_in(event.timezone)
        if "starts_at" not in data or "ends_at" not in data:
            raise ApplicationError("invalid", _("starts_at and ends_at are required."))
        session = services.session_create(event=event, actor=request.user, **data)
        return Response(serializers.SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=serializers.SessionWriteSerializer, responses=serializers.SessionSerializer)
    def patch(self, request, uid):
        session = _visible_session(request, uid)
        serializer = serializers.SessionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        session = services.session_update(session=session, actor=request.user,
                                          **serializer.times_in(session.event.timezone))
        return Response(serializers.SessionSerializer(session).data)


class SessionCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=serializers.SessionSerializer)
    def post(self, request, uid):
        session = services.session_cancel(session=_visible_session(request, uid), actor=request.user)
        return Response(serializers.SessionSerializer(session).data)


class RegistrationView(APIView):
    """POST registers the caller; DELETE cancels the caller's registration."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=serializers.RegistrationBriefSerializer)
    def post(self, request, slug):
        registration = services.registration_create(event=_visible_event(request, slug), user=request.user)
        return Response(serializers.RegistrationBriefSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.RegistrationBriefSerializer)
    def delete(self, request, slug):
        event = _visible_event(request, slug)
        registration = get_object_or_404(Registration, event=event, user=request.user)
        registration = services.registration_cancel(registration=registration, actor=request.user)
        return Response(serializers.RegistrationBriefSerializer(registration).data)


class MyRegistrationsView(generics.ListAPIView):
    serializer_class = serializers.RegistrationSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.registrations_of(self.request.user).prefetch_related("event__invited_countries")


class EventRegistrationsView(generics.ListAPIView):
    """Organisers: the registrations of their event."""

    serializer_class = serializers.RegistrationBriefSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        event = _managed_event(self.request, self.kwargs["slug"])
        return event.registrations.select_related("user").order_by("created_at", "id")


class RegistrationDecisionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=serializers.RegistrationBriefSerializer)
    def post(self, request, pk, decision):
        if decision not in ("approve", "reject"):
            from django.http import Http404
            raise Http404
        registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
        if not selectors.can_manage(request.user, registration.event):
            raise NotAllowed(_("Only the organisers of this event may do this."))
        registration = services.registration_decide(registration=registration, approve=decision == "approve",
                                                    actor=request.user)
        return Response(serializers.RegistrationBriefSerializer(registration).data)


class ParticipantsExportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, slug):
        return exports.participants_response(_managed_event(request, slug))


class EventCreditView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, slug):
        credits = attendance.event_credit_attendance(event=_managed_event(request, slug), actor=request.user)
        return Response({"credited": len(credits),
                         "certificates": [c.certificate_number for c in credits]})


class SessionJoinView(APIView):
    """The personal join URL, built now (valid only in the session window, for confirmed participants)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, uid):
        session = selectors.session_for_join(request.user, uid)
        if session is None or not session.viewer_visible:
            from django.http import Http404
            raise Http404
        url = attendance.session_join(session=session, user=request.user)
        return Response({"url": url})


class RecordingReadyView(APIView):
    """BigBlueButton's recording-ready callback: `signed_parameters`, a JWT (HS256, shared secret)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    def post(self, request):
        secret = getattr(settings, "BBB_SECRET", "")
        if not secret:  # refused before anything is read: an unset secret must never queue an import
            return Response({"code": "not_configured", "detail": str(_("Recordings are not configured."))},
                            status=status.HTTP_403_FORBIDDEN)
        data = request.data if hasattr(request.data, "get") else {}
        token = data.get("signed_parameters") or request.query_params.get("signed_parameters", "")
        if not isinstance(token, str):
            raise ApplicationError("invalid", _("Expected a signed token (text)."),
                                   extra={"field": "signed_parameters"})
        try:
            claims = verify_signed_parameters(token, secret)
        except BBBError:
            return Response({"code": "invalid_signature"}, status=status.HTTP_401_UNAUTHORIZED)
        meeting_id = str(claims.get("meeting_id", ""))
        session = Session.objects.filter(uid=meeting_id.removeprefix("apa-")).first() \
            if meeting_id.startswith("apa-") else None
        if session is None:
            return Response({"code": "unknown_meeting"}, status=status.HTTP_404_NOT_FOUND)
        from conferences.tasks import import_recording

        import_recording.delay(session.pk, str(claims["record_id"]))
        return Response({"accepted": True}, status=status.HTTP_202_ACCEPTED)


class QuestionListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=serializers.QuestionSerializer(many=True))
    def get(self, request, uid):
        session = _visible_session(request, uid)
        qs = selectors.questions_visible_to(request.user, session,
                                            moderator=attendance.is_moderator(request.user, session))
        return Response(serializers.QuestionSerializer(qs, many=True).data)

    @extend_schema(request=serializers.QuestionSerializer, responses=serializers.QuestionSerializer)
    def post(self, request, uid):
        data = _write_data(serializers.QuestionSerializer, request.data)
        question = questions.question_ask(session=_visible_session(request, uid), user=request.user,
                                           text=data["text"])
        return Response(serializers.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionActionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=serializers.QuestionSerializer)
    def post(self, request, pk, action):
        if action not in ("vote", "approve", "hide"):
            from django.http import Http404
            raise Http404
        question = get_object_or_404(Question.objects.select_related("session__event"), pk=pk)
        _visible_session(request, question.session.uid)
        if action == "vote":
            questions.question_vote(question=question, user=request.user)
        else:
            questions.question_moderate(question=question, actor=request.user,
                                         status={"approve": "approved", "hide": "hidden"}[action])
        question.refresh_from_db()
        return Response(serializers.QuestionSerializer(question).data)
