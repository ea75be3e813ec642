"""Forms of the compliance pages: they validate and shape the filters; the rules are in compliance.dashboard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance import exports
from compliance.models import ComplianceRule
from people.models import Corps

SORT_CHOICES = [
    ("due_date", _("due date, earliest first")),
    ("-due_date", _("due date, latest first")),
    ("name", _("name, A to Z")),
    ("-name", _("name, Z to A")),
]


class FilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), choices=ComplianceRule.Code.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all statuses"))] + list(exports.STATUS_LABELS.items()),
    )
    body = forms.ChoiceField(label=_("State body (with subordinate bodies)"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    corps = forms.ChoiceField(
        label=_("Corps"),
        required=False,
        choices=[("", _("all"))] + [(c, label) for c, label in Corps.choices if c != "political"],
    )
    category = forms.CharField(
        label=_("Category"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"placeholder": "C-4", "size": 6}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, bodies=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("all bodies in my scope"))] + [
            (b.code, "\u2003" * b.depth + b.name) for b in bodies
        ]
        self.fields["unit"].choices = [("", _("all units"))] + [
            (str(u.pk), f"{u.name} · {u.body.name}") for u in units
        ]


class NationalForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), choices=ComplianceRule.Code.choices, required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
