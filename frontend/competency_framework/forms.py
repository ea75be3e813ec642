"""Forms of the competency pages: they validate input for the services and selectors; they never write."""

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from competency_framework.moodle_csv import UPLOAD_MAX_BYTES as MOODLE_UPLOAD_MAX_BYTES

LANGUAGE_CHOICES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]


class MoodleUploadForm(forms.Form):
    file = forms.FileField(label=_("Moodle competency framework CSV"),
                           help_text=_("The file Moodle exports from Site administration › Competencies "
                                       "(UTF-8 or Windows-1251; “,”, “;” or tab)."),
                           error_messages={"required": _("Choose a file to import.")},
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    language = forms.ChoiceField(label=_("Language of the names and descriptions in the file"),
                                 choices=LANGUAGE_CHOICES, initial="ru",
                                 help_text=_("Texts in the other languages are kept."))
    dry_run = forms.BooleanField(label=_("Dry run: check the file and show what would change, write nothing"),
                                 required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".csv":
            raise forms.ValidationError(_("Only .csv files can be imported."), code="extension")
        if upload.size > MOODLE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)s."),
                                        params={"limit": filesizeformat(MOODLE_UPLOAD_MAX_BYTES)}, code="too_large")
        return upload


class HeatMapForm(forms.Form):
    body = forms.ChoiceField(label=_("State body (with subordinate bodies)"))
    framework = forms.ChoiceField(label=_("Competency framework"), required=False)

    def __init__(self, *args, bodies=(), frameworks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.code, "\u2003" * b.depth + b.name) for b in bodies]
        self.fields["framework"].choices = [("", _("Primary framework"))] + [
            (f.idnumber, f.name) for f in frameworks
        ]
