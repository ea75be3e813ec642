"""Forms of the conference pages: they validate and shape input for conferences.services; they never write."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.models import Audience, Event, EventType, Session
from frontend.people.forms import HUB_TIME_ZONES
from lms.validators import refuse_line_breaks

# Hub partner countries (DOMAIN.md) for the sign-up and the calendar filter; names are translated.
COUNTRIES = [
    ("AF", _("Afghanistan")), ("AM", _("Armenia")), ("AZ", _("Azerbaijan")), ("BD", _("Bangladesh")),
    ("BY", _("Belarus")), ("BT", _("Bhutan")), ("BA", _("Bosnia and Herzegovina")), ("BR", _("Brazil")),
    ("CA", _("Canada")), ("CN", _("China")), ("EE", _("Estonia")), ("FR", _("France")), ("GE", _("Georgia")),
    ("DE", _("Germany")), ("HU", _("Hungary")), ("IN", _("India")), ("JP", _("Japan")), ("KZ", _("Kazakhstan")),
    ("KR", _("Korea")), ("KG", _("Kyrgyzstan")), ("RU", _("Russia")), ("TJ", _("Tajikistan")), ("TR", _("Turkey")),
    ("US", _("United States")), ("UZ", _("Uzbekistan")),
]
LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def _zone_ok(key: str) -> bool:
    try:
        zoneinfo.ZoneInfo(key)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False


class CalendarFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *EventType.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All languages")),
                                                                               *LANGUAGE_CHOICES])
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("All countries")), *COUNTRIES])
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))

    def clean_month(self) -> str:
        value = self.cleaned_data["month"]
        if value and not (len(value) == 7 and value[4] == "-" and value.replace("-", "").isdigit()):
            raise forms.ValidationError(_("Use the form YYYY-MM."))
        return value


class PartnerSignupForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRIES])
    organisation = forms.CharField(label=_("Organisation"), max_length=300)
    position_title = forms.CharField(label=_("Position"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language of messages"), choices=LANGUAGE_CHOICES, initial="en")
    time_zone = forms.CharField(label=_("Your time zone"), max_length=64, initial="UTC",
                                widget=forms.Select(choices=HUB_TIME_ZONES),
                                help_text=_("Times of sessions are shown to you in this zone."))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_time_zone(self) -> str:
        key = self.cleaned_data["time_zone"]
        if not _zone_ok(key):
            raise forms.ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": key})
        return key

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class EventForm(forms.ModelForm):
    invited_countries = forms.MultipleChoiceField(label=_("Invited countries"), required=False, choices=COUNTRIES,
                                                  widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Event
        fields = ["slug", "event_type", "title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en",
                  "timezone", "location", "audience", "registration_mode", "capacity", "status", "accredited",
                  "academic_hours", "attendance_threshold", "join_opens_minutes"]
        widgets = {f"summary_{c}": forms.Textarea(attrs={"rows": 3}) for c in ("kk", "ru", "en")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Audience.choices
        for lang in ("kk", "ru", "en"):  # titles become e-mail subjects
            self.fields[f"title_{lang}"].validators.append(refuse_line_breaks)
        if self.instance.pk:
            self.fields.pop("slug")
            self.initial["invited_countries"] = [c.country for c in self.instance.invited_countries.all()]


class SessionForm(forms.Form):
    """Times are typed as the event's wall-clock time; the service stores UTC."""

    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False,
                               validators=[refuse_line_breaks])
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False,
                               validators=[refuse_line_breaks])
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False,
                               validators=[refuse_line_breaks])
    starts_at = forms.DateTimeField(label=_("Starts (event's local time)"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    duration = forms.IntegerField(label=_("Length, minutes"), min_value=5, max_value=12 * 60, initial=90)
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple, initial=["ru"])
    provider = forms.ChoiceField(label=_("Conferencing"), choices=Session.Provider.choices)
    external_url = forms.URLField(label=_("External room link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("provider") == Session.Provider.EXTERNAL and not data.get("external_url"):
            self.add_error("external_url", _("Paste the link of the Zoom, Teams or Jitsi room."))
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), min_length=3, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))
