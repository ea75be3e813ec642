"""Forms of the web UI: they validate input and shape it for services; they never write."""

import zoneinfo
from datetime import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from people.models import Corps

# Common zones of the Regional Hub countries (DOMAIN.md); any valid zoneinfo key is accepted too.
HUB_TIME_ZONES = [
    ("Asia/Almaty", _("Astana, Almaty (Kazakhstan)")),
    ("Asia/Bishkek", _("Bishkek (Kyrgyzstan)")),
    ("Asia/Tashkent", _("Tashkent (Uzbekistan)")),
    ("Asia/Dushanbe", _("Dushanbe (Tajikistan)")),
    ("Asia/Baku", _("Baku (Azerbaijan)")),
    ("Asia/Tbilisi", _("Tbilisi (Georgia)")),
    ("Asia/Yerevan", _("Yerevan (Armenia)")),
    ("Asia/Kabul", _("Kabul (Afghanistan)")),
    ("Europe/Moscow", _("Moscow (Russia)")),
    ("Europe/Minsk", _("Minsk (Belarus)")),
    ("Europe/Berlin", _("Berlin (Germany)")),
    ("Asia/Seoul", _("Seoul (Korea)")),
    ("America/Toronto", _("Toronto (Canada)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]
IMPORT_EXTENSIONS = (".csv", ".xlsx")


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=HUB_TIME_ZONES)

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        zones = list(HUB_TIME_ZONES)
        # Keep a valid zone set elsewhere (admin, import) selectable instead of silently replacing it.
        if current and current not in dict(zones) and _is_zone(current):
            zones.insert(0, (current, current))
        self.fields["time_zone"].choices = [(key, f"{label} · {_utc_offset(key)}") for key, label in zones]

    def clean_time_zone(self) -> str:
        key = self.cleaned_data["time_zone"]
        if not _is_zone(key):
            raise forms.ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": key},
                                        code="invalid_zone")
        return key


def _utc_offset(key: str) -> str:
    """'UTC+04:30' for Asia/Kabul, today (daylight saving included)."""
    offset = datetime.now(zoneinfo.ZoneInfo(key)).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def _is_zone(key: str) -> bool:
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


class ImportForm(forms.Form):
    file = forms.FileField(label=_("E-kyzmet export file"),
                           help_text=_("CSV (UTF-8 or Windows-1251, “,” or “;”) or XLSX."),
                           error_messages={"required": _("Choose a file to import.")},
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}))
    dry_run = forms.BooleanField(label=_("Dry run: check the file and show what would change, write nothing"),
                                 required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."), code="extension")
        limit = settings.EKYZMET_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(limit)s."),
                                        params={"limit": filesizeformat(limit)}, code="too_large")
        return upload


class ServantFilterForm(forms.Form):
    body = forms.ChoiceField(label=_("State body (with subordinate bodies)"), required=False)
    corps = forms.ChoiceField(label=_("Corps"), required=False,
                              choices=[("", _("All corps")), *Corps.choices])
    category = forms.CharField(label=_("Category"), required=False, max_length=8,
                               widget=forms.TextInput(attrs={"placeholder": "C-4", "size": 6}))
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.SearchInput(attrs={"placeholder": _("Name or personnel number")}))

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("All my bodies"))] + [
            (b.code, "\u2003" * b.depth + b.name) for b in bodies
        ]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + [(a, a) for a in actions]
