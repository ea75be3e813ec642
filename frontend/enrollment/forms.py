"""Forms of the training pages: they validate and shape input; the rules are in enrollment services."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from compliance.records import MAX_EVIDENCE_BYTES
from compliance.selectors import course_type_choices, training_source_choices
from enrollment.scopes import today_almaty
from enrollment.selectors_offerings import delivery_choices, funding_choices

LANGUAGES = [("", _("any")), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def _any_course_type() -> list[tuple[str, str]]:
    """Filter choices: any, then the course types (courses.CourseType, read when the form is built)."""
    return [("", _("any")), *course_type_choices()]


class OfferingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    course_type = forms.ChoiceField(label=_("Course type"), required=False,
                                    choices=_any_course_type)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGES)
    funding = forms.ChoiceField(label=_("Funding"), required=False, choices=lambda: [("", _("any")), *funding_choices()])
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
        self.fields["day"].choices = [(d.isoformat(), date_format(d, "SHORT_DATE_FORMAT")) for d in offering.session_days()
                                      if d <= today_almaty()]
        self.fields["present"].choices = [(a.pk, str(a.servant)) for a in participants]


class ExternalTrainingForm(forms.Form):
    title = forms.CharField(label=_("Title of the training"), max_length=300)
    course_type = forms.ChoiceField(label=_("Course type"), choices=course_type_choices)
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
                                    choices=_any_course_type)
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=lambda: [("", _("any")), *training_source_choices()])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    pending = forms.BooleanField(label=_("Only uploads awaiting verification"), required=False)


RUN_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class OfferingForm(forms.Form):
    """Create or edit a course run. Types only: the rules (dates, capacity, place, language, price, window)
    are checked by enrollment.offerings, whose field errors the view puts back on these fields."""

    version = forms.ModelChoiceField(label=_("Course version"), queryset=None,
                                     help_text=_("Only published versions can be scheduled."))
    code = forms.CharField(label=_("Run code"), required=False, max_length=48,
                           help_text=_("Leave empty to make one from the course code and the start date."))
    starts_on = forms.DateField(label=_("Starts on"), **DATE_INPUT)
    ends_on = forms.DateField(label=_("Ends on"), **DATE_INPUT)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    delivery = forms.ChoiceField(label=_("Format"), choices=delivery_choices)
    place = forms.CharField(label=_("Place"), required=False, max_length=300,
                            help_text=_("Address or room; required for on-site and blended runs."))
    language = forms.ChoiceField(label=_("Language of the run"), choices=RUN_LANGUAGES,
                                 help_text=_("One of the course version's delivery languages."))
    funding = forms.ChoiceField(label=_("Funding"), choices=funding_choices)
    price = forms.DecimalField(label=_("Price, KZT"), required=False, min_value=0, max_digits=12, decimal_places=2,
                               help_text=_("Contract (paid) runs only."))
    opens_days_before = forms.IntegerField(label=_("Applications open, days before start"), min_value=0,
                                           max_value=365, initial=30)
    closes_days_before = forms.IntegerField(label=_("Applications close, days before start"), min_value=0,
                                            max_value=365, initial=5)
    min_attendance_percent = forms.IntegerField(label=_("Attendance needed for completion, %"), min_value=0,
                                                max_value=100, initial=80)

    def __init__(self, *args, versions=None, offering=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offering is not None:  # editing: the version and the code stay
            del self.fields["version"], self.fields["code"]
            langs = offering.version.language_list
            self.fields["language"].choices = [c for c in RUN_LANGUAGES if c[0] in langs]
            if offering.starts_on <= today_almaty():
                for name in ("starts_on", "ends_on"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("The run has started: its dates can no longer change.")
        else:
            self.fields["version"].queryset = versions
            self.fields["version"].label_from_instance = lambda v: f"{v.course.code} v{v.number} · {v.title}"

    def service_fields(self) -> dict:
        """cleaned_data as the service takes it (no version; price only when given)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["place"] = (data.get("place") or "").strip()
        return data

    def add_service_errors(self, exc) -> None:
        """Put the service's field errors on the fields (unknown names become non-field errors)."""
        fields = exc.extra.get("fields") or {}
        for name, messages in fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not fields:
            self.add_error(None, str(exc.message))


class OfferingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (applicants will see it)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ManageFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("all runs")), ("upcoming", _("upcoming")), ("running", _("running now")), ("past", _("past")),
        ("cancelled", _("cancelled"))])
