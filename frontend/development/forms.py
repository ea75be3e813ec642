from django import forms
from django.utils.translation import gettext_lazy as _

from development.selectors import other_item_kind_choices, status_choices


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=other_item_kind_choices)
    title = forms.CharField(label=_("Content of training"), max_length=300)
    institution = forms.CharField(label=_("Educational institution"), max_length=300, required=False)
    hours = forms.IntegerField(
        label=_("Academic hours"), min_value=0, max_value=32767, required=False, initial=0
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    review = forms.CharField(
        label=_("Review of the period"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HRFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=lambda: [("", _("any")), *status_choices()], required=False
    )
    body = forms.CharField(label=_("State body code"), max_length=32, required=False)


class ReserveForm(forms.Form):
    personnel_number = forms.CharField(label=_("Personnel number"), max_length=32)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate_number = forms.CharField(label=_("Certificate of admission No."), max_length=64)
    certificate_date = forms.DateField(
        label=_("Certificate date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AdaptationForm(forms.Form):
    personnel_number = forms.CharField(label=_("Probationer's personnel number"), max_length=32)
    mentor = forms.CharField(label=_("Mentor's personnel number"), max_length=32)
    starts_on = forms.DateField(
        label=_("Probation from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AdaptationTaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class MentorForm(forms.Form):
    mentor = forms.CharField(label=_("New mentor's personnel number"), max_length=32)


class ExtendForm(forms.Form):
    """No fields: carries the refusal of an extension (the limit, a signed-off plan) as a form error."""


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
