"""Forms of the media library pages: they validate input for media.services; they never write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from media.audiences import delegated_kinds
from media.models import SUBTITLE_LANGUAGES, Audience
from media.permissions import audience_choices


class AssetForm(forms.Form):
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=300, required=False)
    audience = forms.ChoiceField(label=_("Who may watch"), choices=Audience.choices)
    audience_course = forms.ModelChoiceField(
        label=_("Course (for “learners of a course”)"), queryset=None, required=False
    )
    trim_start = forms.FloatField(label=_("Cut from the start, seconds"), min_value=0, required=False)
    trim_end = forms.FloatField(label=_("Cut from the end, seconds"), min_value=0, required=False)
    title_card = forms.BooleanField(label=_("Add an intro title card (titles and speaker)"), required=False)

    def __init__(self, *args, asset=None, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import Course

        self.fields["audience_course"].queryset = Course.objects.order_by("code")
        current = asset.audience if asset is not None else None
        self.fields["audience"].choices = audience_choices(current)
        if current in delegated_kinds():  # decided by the owning app (conference recordings): read-only here
            self.fields["audience"].disabled = True
            self.fields["audience"].initial = current

    @staticmethod
    def initial_from(asset) -> dict:
        return {
            f: getattr(asset, f)
            for f in (
                "title_kk",
                "title_ru",
                "title_en",
                "speaker",
                "audience",
                "audience_course",
                "trim_start",
                "trim_end",
                "title_card",
            )
        }

    def service_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["trim_start"] = fields["trim_start"] or 0
        fields["trim_end"] = fields["trim_end"] or 0
        return fields


class SubtitleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=SUBTITLE_LANGUAGES)
    file = forms.FileField(label=_("WebVTT or SRT file"))


class ChaptersForm(forms.Form):
    chapters = forms.CharField(
        label=_("Chapters, one per line: time and title (05:30 Introduction)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
