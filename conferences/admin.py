from django.contrib import admin

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


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("title_ru", "title_en", "starts_at", "ends_at", "languages", "provider", "external_url", "status",
              "sequence")
    readonly_fields = ("sequence",)


class CountryInline(admin.TabularInline):
    model = EventCountry
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "event_type", "audience", "status", "capacity", "timezone", "accredited")
    list_filter = ("event_type", "audience", "status", "accredited")
    search_fields = ("slug", "title_kk", "title_ru", "title_en")
    filter_horizontal = ("organisers",)
    inlines = [CountryInline, SessionInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "organisation", "country")
    search_fields = ("name_kk", "name_ru", "name_en", "organisation")
    raw_id_fields = ("user",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "status", "country", "created_at")
    list_filter = ("status", "country")
    raw_id_fields = ("user", "event")


admin.site.register(AttendanceInterval, list_display=("session", "user", "joined_at", "left_at", "source"),
                    raw_id_fields=("user", "session"))
admin.site.register(AttendanceCredit, list_display=("registration", "hours", "percent", "certificate_number"),
                    raw_id_fields=("registration",))
admin.site.register(SessionRecording, list_display=("session", "record_id", "source", "visibility", "import_status", "asset"))
admin.site.register(Question, list_display=("session", "status", "votes", "created_at"),
                    raw_id_fields=("author", "session"))
