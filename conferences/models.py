"""Hub events: conferences, round tables, webinars, master classes, pilot seminars, lectures.

Every instant is stored in UTC; each event carries its IANA zone (Event.timezone) for display, .ics files and
input of local wall-clock times. Trilingual content fields follow people.models (title_kk/_ru/_en)."""

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import localized


def validate_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}, code="invalid_zone")


def validate_languages(value: str) -> None:
    codes = [c for c in value.split(",") if c]
    if not codes or any(c not in {"kk", "ru", "en"} for c in codes):
        raise ValidationError(_("Languages are a comma-separated list of kk, ru, en."), code="invalid_languages")


class EventType(models.TextChoices):
    CONFERENCE = "conference", _("conference")
    ROUND_TABLE = "round_table", _("round table")
    WEBINAR = "webinar", _("webinar")
    MASTER_CLASS = "master_class", _("master class")
    PILOT_SEMINAR = "pilot_seminar", _("pilot seminar")
    LECTURE = "lecture", _("lecture")


class Audience(models.TextChoices):
    PUBLIC = "public", _("everyone (public)")
    CIVIL_SERVANTS = "civil_servants", _("civil servants of Kazakhstan")
    INVITED = "invited", _("invited partner countries")


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    class Registration(models.TextChoices):
        OPEN = "open", _("open")
        APPROVAL = "approval", _("by organiser approval")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    event_type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_kk = models.TextField(_("summary (Kazakh)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    timezone = models.CharField(_("time zone of the event"), max_length=64, default="Asia/Almaty",
                                validators=[validate_zone])
    location = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Online, or a room and city."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    registration_mode = models.CharField(_("registration"), max_length=10, choices=Registration.choices,
                                         default=Registration.OPEN)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: unlimited."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    accredited = models.BooleanField(_("credits academic hours"), default=False)
    academic_hours = models.PositiveSmallIntegerField(_("academic hours credited"), default=0)
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for credit, %"), default=75)
    join_opens_minutes = models.PositiveSmallIntegerField(_("join opens, minutes before start"), default=15)
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("organisers"), blank=True,
                                        related_name="organised_events")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(attendance_threshold__gte=1, attendance_threshold__lte=100),
                                   name="event_threshold_percent"),
            models.CheckConstraint(condition=Q(accredited=False) | Q(academic_hours__gt=0),
                                   name="accredited_event_has_hours"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class EventCountry(models.Model):
    """A partner country invited to an event (audience 'invited')."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invited_countries")
    country = models.CharField(_("country (ISO 3166 alpha-2)"), max_length=2)

    class Meta:
        verbose_name = _("invited country")
        verbose_name_plural = _("invited countries")
        constraints = [
            models.UniqueConstraint(fields=["event", "country"], name="event_country_unique"),
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="event_country_iso2"),
        ]

    def __str__(self):
        return self.country


class Speaker(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    bio_kk = models.TextField(_("biography (Kazakh)"), blank=True)
    bio_ru = models.TextField(_("biography (Russian)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.CharField(_("country (ISO 3166 alpha-2)"), max_length=2, default="KZ")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="speaker_profiles",
                             help_text=_("Speakers with an account join as moderators."))

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="speaker_country_iso2")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def bio(self) -> str:
        return localized(self, "bio")

    @property
    def is_foreign(self) -> bool:
        return self.country != "KZ"


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    class Provider(models.TextChoices):
        BBB = "bbb", _("BigBlueButton")
        EXTERNAL = "external", _("external link (Zoom, Teams, Jitsi)")
        NONE = "none", _("in person only")

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    agenda_kk = models.TextField(_("agenda (Kazakh)"), blank=True)
    agenda_ru = models.TextField(_("agenda (Russian)"), blank=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at (UTC)"))
    ends_at = models.DateTimeField(_("ends at (UTC)"))
    languages = models.CharField(_("languages"), max_length=20, default="ru", validators=[validate_languages],
                                 help_text=_("Comma-separated: kk, ru, en."))
    speakers = models.ManyToManyField(Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions")
    provider = models.CharField(_("conferencing"), max_length=10, choices=Provider.choices, default=Provider.BBB)
    external_url = models.URLField(_("external room link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(_("calendar revision (SEQUENCE)"), default=0)
    credits_processed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=~Q(provider="external") | ~Q(external_url=""),
                                   name="external_session_has_url"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="session_status_start")]

    def __str__(self):
        return self.title or str(self.event)

    @property
    def title(self) -> str:
        return localized(self, "title") or self.event.title

    @property
    def agenda(self) -> str:
        return localized(self, "agenda")

    @property
    def language_list(self) -> list[str]:
        return [c for c in self.languages.split(",") if c]

    @property
    def meeting_id(self) -> str:
        return f"apa-{self.uid}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        REJECTED = "rejected", _("declined")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE,
                             related_name="event_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Snapshot for the export by country (servants: KZ and their body).
    country = models.CharField(_("country"), max_length=2, default="KZ")
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event")]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.user} → {self.event} ({self.status})"


class AttendanceInterval(models.Model):
    """One stay in a session's room: from a join click, a provider poll/callback; left_at NULL = still in."""

    class Source(models.TextChoices):
        CLICK = "click", _("join button")
        PROVIDER = "provider", _("conferencing provider")
        MANUAL = "manual", _("entered by the organiser")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(_("joined at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CLICK)

    class Meta:
        verbose_name = _("attendance interval")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["session", "user"], name="attendance_session_user")]
        constraints = [
            models.CheckConstraint(condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                                   name="attendance_left_after_join"),
            # one open stay per person and session: a repeated join click is an INSERT that does nothing
            models.UniqueConstraint(fields=["session", "user"], condition=Q(left_at__isnull=True),
                                    name="attendance_one_open_stay"),
        ]

    def __str__(self):
        return f"{self.user_id}@{self.session_id}: {self.joined_at:%H:%M}–{self.left_at or '…'}"


class AttendanceCredit(models.Model):
    """Attendance of an accredited event above its threshold: hours credited and a certificate number. When
    the participant is a civil servant, enrollment's TrainingRecord is created too (training_record)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="credit")
    minutes_attended = models.PositiveIntegerField(_("minutes attended"))
    percent = models.PositiveSmallIntegerField(_("attendance, %"))
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    certificate_number = models.CharField(_("certificate of participation No."), max_length=40, unique=True)
    training_record_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance credit")
        verbose_name_plural = _("attendance credits")

    def __str__(self):
        return self.certificate_number


class SessionRecording(models.Model):
    """A provider's recording of a session (BigBlueButton, or a link the organiser pasted) and, once imported,
    the media-library asset made from its video file (conferences.recordings)."""

    class Visibility(models.TextChoices):
        ORGANISERS = "organisers", _("organisers only")
        REGISTERED = "registered", _("registered participants")
        AUDIENCE = "audience", _("everyone who can see the event")

    class Source(models.TextChoices):
        BBB = "bbb", _("BigBlueButton")
        LINK = "link", _("link pasted by the organiser")

    class Import(models.TextChoices):
        NONE = "none", _("not in the library")
        QUEUED = "queued", _("waiting to be imported")
        RUNNING = "running", _("importing")
        READY = "ready", _("in the library")
        FAILED = "failed", _("import failed")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="recordings")
    record_id = models.CharField(max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=4, choices=Source.choices, default=Source.BBB)
    url = models.URLField(_("playback link"), max_length=500)
    video_url = models.URLField(_("video file"), max_length=1000, blank=True,
                                help_text=_("MP4/WebM file downloaded into the media library."))
    duration_minutes = models.PositiveIntegerField(_("length, minutes"), default=0)
    visibility = models.CharField(_("shown to"), max_length=12, choices=Visibility.choices,
                                  default=Visibility.REGISTERED)
    # One asset per recording (OneToOne = unique): a retried import never makes a second one.
    asset = models.OneToOneField("media.VideoAsset", verbose_name=_("video in the library"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="session_recording")
    import_status = models.CharField(_("library import"), max_length=8, choices=Import.choices, default=Import.NONE)
    import_error = models.TextField(_("import failure"), blank=True)
    import_started_at = models.DateTimeField(null=True, blank=True)
    # The Celery task id of the run holding the import: its redelivery after a lost worker takes over at once.
    import_run = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["created_at"]
        constraints = [
            # An asset exists once the video is downloaded and stored: in the library (ready), or still being
            # processed by a run that may be taken over (running, queued again); a failure deletes it.
            models.CheckConstraint(condition=Q(asset__isnull=True) | Q(import_status__in=["ready", "running", "queued"]),
                                   name="recording_asset_means_imported"),
        ]

    def __str__(self):
        return self.record_id


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("published")
        HIDDEN = "hidden", _("hidden")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    votes = models.PositiveIntegerField(default=0)  # denormalised count, kept by services
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question to speakers")
        verbose_name_plural = _("questions to speakers")
        ordering = ["-votes", "created_at"]

    def __str__(self):
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="vote_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_user")]

    def __str__(self):
        return f"{self.user_id} → {self.question_id}"


class CalendarFeed(models.Model):
    """The secret of a user's private calendar feed; rotating it invalidates the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"calendar feed of {self.user_id}"
