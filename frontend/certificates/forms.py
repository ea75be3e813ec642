from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the audit log and shown to the holder."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number or holder"), max_length=100, required=False, strip=True)
