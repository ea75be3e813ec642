"""Forms of the scholarship pages: they validate and shape input; the rules are in scholarships services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scholarships.documents import max_bytes
from scholarships.eligibility import ENGLISH_TESTS
from scholarships.models import DocumentKind

TEST_LABELS = {"IELTS": "IELTS", "TOEFL_IBT": "TOEFL iBT"}


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=300)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(label=_("State body / organisation"), max_length=300)
    position_title = forms.CharField(label=_("Position"), max_length=300, required=False)
    service_years = forms.IntegerField(label=_("Years in public service"), min_value=0, max_value=60)
    english_test = forms.ChoiceField(
        label=_("English test"), choices=[(t, TEST_LABELS[t]) for t in ENGLISH_TESTS]
    )
    english_score = forms.DecimalField(
        label=_("English score"), required=False, min_value=0, max_value=200, decimal_places=2
    )
    essay = forms.CharField(
        label=_("Motivation essay"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    preference_1 = forms.ChoiceField(label=_("First choice"), required=False)
    preference_2 = forms.ChoiceField(label=_("Second choice"), required=False)
    preference_3 = forms.ChoiceField(label=_("Third choice"), required=False)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(p.code, f"{p.title} ({p.code})") for p in programmes]
        for i in (1, 2, 3):
            self.fields[f"preference_{i}"].choices = choices

    def split(self) -> tuple[dict, list[str]]:
        data = dict(self.cleaned_data)
        prefs = [data.pop(f"preference_{i}") for i in (1, 2, 3)]
        return data, [p for p in prefs if p]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // 1048576}
            )
        return upload


class RespondForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("What is the conflict?"), max_length=500)


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[c.code] = forms.DecimalField(
                label=f"{c.name} (0–{c.max_points}, ×{c.weight.normalize()})",
                min_value=0,
                max_value=c.max_points,
                decimal_places=2,
            )
        self.order_fields([c.code for c in self.criteria] + ["comment"])

    def scores(self) -> dict:
        return {c.code: self.cleaned_data[c.code] for c in self.criteria}
