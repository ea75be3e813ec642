from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionUploadForm(forms.Form):
    bank = forms.RegexField(
        label=_("Bank code"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        max_length=64,
        help_text=_("Letters, digits, “.”, “_” or “-”. A new code creates the bank."),
    )
    file = forms.FileField(label=_("GIFT or Moodle XML file"))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("guess from the content")), ("gift", "GIFT"), ("xml", "Moodle XML")],
    )
    language = forms.ChoiceField(
        label=_("Language of the texts"),
        required=False,
        choices=[("", _("guess per question")), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
    )
    dry_run = forms.BooleanField(label=_("Only check, write nothing"), required=False)


class OverrideForm(forms.Form):
    percent = forms.DecimalField(label=_("Grade, %"), min_value=0, max_value=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
