"""Shapes and validation for /api/v1/events/. Times go out in the event's zone with their offset
(ISO 8601), with the IANA zone name next to them; naive times coming in are the event's wall-clock time."""

from datetime import datetime

from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conferences.models import Audience, Event, EventType, Registration, Session, SessionRecording, Speaker
from conferences.timezones import in_zone, local_to_utc
from lms.validators import refuse_line_breaks


class SpeakerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    bio = serializers.CharField(read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "name", "bio", "organisation", "country", "is_foreign"]


class SessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    agenda = serializers.CharField(read_only=True)
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()
    languages = serializers.ListField(source="language_list", child=serializers.CharField(), read_only=True)
    speakers = SpeakerSerializer(many=True, read_only=True)
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["uid", "title", "agenda", "starts_at", "ends_at", "timezone", "languages", "status", "sequence",
                  "provider", "speakers", "ics_url"]

    def get_starts_at(self, obj) -> str:
        return in_zone(obj.starts_at, obj.event.timezone).isoformat()

    def get_ends_at(self, obj) -> str:
        return in_zone(obj.ends_at, obj.event.timezone).isoformat()

    def get_timezone(self, obj) -> str:
        return obj.event.timezone

    def get_ics_url(self, obj) -> str:
        return reverse("conferences:session-ics", args=[obj.uid])


class EventSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    invited_countries = serializers.SerializerMethodField()
    sessions = SessionSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["slug", "event_type", "title", "summary", "timezone", "location", "audience", "registration_mode",
                  "capacity", "status", "accredited", "academic_hours", "invited_countries", "url", "sessions"]

    def get_invited_countries(self, obj) -> list[str]:
        return sorted(c.country for c in obj.invited_countries.all())

    def get_url(self, obj) -> str:
        return reverse("conferences:detail", args=[obj.slug])


class EventWriteSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80, required=False)
    event_type = serializers.ChoiceField(EventType.choices, required=False)
    title_kk = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    title_ru = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    summary_kk = serializers.CharField(required=False, allow_blank=True)
    summary_ru = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=64, required=False)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    audience = serializers.ChoiceField(Audience.choices, required=False)
    registration_mode = serializers.ChoiceField(Event.Registration.choices, required=False)
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    status = serializers.ChoiceField(Event.Status.choices, required=False)
    accredited = serializers.BooleanField(required=False)
    academic_hours = serializers.IntegerField(min_value=0, max_value=200, required=False)
    attendance_threshold = serializers.IntegerField(min_value=1, max_value=100, required=False)
    join_opens_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)
    invited_countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)


@extend_schema_field(OpenApiTypes.DATETIME)
class FlexibleDateTimeField(serializers.Field):
    """ISO 8601; with an offset it is an instant, without one it is wall-clock time in the event's zone."""

    def to_internal_value(self, data):
        try:  # parse_datetime raises ValueError for a well-formed but impossible time (T25:00, month 13)
            value = parse_datetime(str(data)) if not isinstance(data, datetime) else data
        except ValueError:
            value = None
        if value is None:
            raise serializers.ValidationError(
                _("Use ISO 8601, e.g. 2026-05-20T15:00 or 2026-05-20T15:00+05:00."))
        return value

    def to_representation(self, value):
        return value.isoformat()


class SessionWriteSerializer(serializers.Serializer):
    starts_at = FlexibleDateTimeField(required=False)
    ends_at = FlexibleDateTimeField(required=False)
    title_kk = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    title_ru = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=[refuse_line_breaks])
    agenda_kk = serializers.CharField(required=False, allow_blank=True)
    agenda_ru = serializers.CharField(required=False, allow_blank=True)
    agenda_en = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(max_length=20, required=False)
    provider = serializers.ChoiceField(Session.Provider.choices, required=False)
    external_url = serializers.URLField(required=False, allow_blank=True)
    speakers = serializers.PrimaryKeyRelatedField(queryset=Speaker.objects.all(), many=True, required=False)

    def times_in(self, zone_name: str) -> dict:
        """validated_data with naive times read as the event's wall-clock time (DST gaps refused)."""
        data = dict(self.validated_data)
        for key in ("starts_at", "ends_at"):
            if key in data:
                data[key] = local_to_utc(data[key], zone_name)
        return data


class RegistrationSerializer(serializers.ModelSerializer):
    event = EventSerializer(read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "status", "country", "organisation", "created_at", "event"]


class RegistrationBriefSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "status", "username", "country", "organisation", "created_at"]


class RecordingSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionRecording
        fields = ["id", "record_id", "url", "duration_minutes", "visibility"]


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=1000)
    status = serializers.CharField(read_only=True)
    votes = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
