"""Forms of the training pages: they validate and shape input; the rules are in enrollment services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enrollment.models import CourseType, Funding, TrainingRecord
from enrollment.records import MAX_EVIDENCE_BYTES
from enrollment.scopes import today_almaty

LANGUAGES = [("", _("any")), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class OfferingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    course_type = forms.ChoiceField(label=_("Course type"), required=False,
                                    choices=[("", _("any"))] + list(CourseType.choices))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGES)
    funding = forms.ChoiceField(label=_("Funding"), required=False, choices=[("", _("any"))] + list(Funding.choices))
    open_now = forms.BooleanField(label=_("Open for applications now"), required=False)


class ApplyForm(forms.Form):
    voucher_code = forms.CharField(label=_("Voucher number"), required=False, max_length=32,
                                   help_text=_("Leave empty to use a free voucher of your state body."))
    motivation = forms.CharField(label=_("Why this course (optional)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class NominateForm(forms.Form):
    personnel_number = forms.CharField(label=_("Personnel number"), max_length=32)
    voucher_code = forms.CharField(label=_("Voucher number"), required=False, max_length=32)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason / comment"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)


class ConfirmForm(forms.Form):
    override = forms.BooleanField(label=_("Confirm although attendance or progress falls short"), required=False)


class AttendanceForm(forms.Form):
    """One session day; `present` lists the application ids marked present."""

    day = forms.TypedChoiceField(label=_("Session day"), coerce=str)
    present = forms.TypedMultipleChoiceField(label=_("Present"), required=False, coerce=int,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, offering, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), d.strftime("%d.%m.%Y")) for d in offering.session_days()
                                      if d <= today_almaty()]
        self.fields["present"].choices = [(a.pk, str(a.servant)) for a in participants]


class ExternalTrainingForm(forms.Form):
    title = forms.CharField(label=_("Title of the training"), max_length=300)
    course_type = forms.ChoiceField(label=_("Course type"), choices=CourseType.choices)
    hours = forms.IntegerField(label=_("Academic hours"), min_value=1, max_value=2000)
    completed_on = forms.DateField(label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"}))
    provider = forms.CharField(label=_("Provider"), max_length=300)
    evidence = forms.FileField(label=_("Certificate (PDF, JPG or PNG, up to 5 MB)"),
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > today_almaty():
            raise forms.ValidationError(_("The completion date cannot be in the future."))
        return day

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        if upload and upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class RecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Search (personnel number, name, title)"), required=False, max_length=100)
    course_type = forms.ChoiceField(label=_("Course type"), required=False,
                                    choices=[("", _("any"))] + list(CourseType.choices))
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=[("", _("any"))] + list(TrainingRecord.Source.choices))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    pending = forms.BooleanField(label=_("Only uploads awaiting verification"), required=False)
