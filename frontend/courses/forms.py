"""Forms of the course pages: they validate and shape input for courses.selectors and courses.services; every
business rule (hours per type, translations, freeze, permissions) stays in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.lesson_kinds import lesson_kind_choices
from courses.models import LANGUAGES, CompletionRule, CourseType, DeliveryFormat, Provider
from media.models import VideoAsset

LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
PER_PAGE = (12, 24, 48)
SORT_CHOICES = [("title", _("Title A–Z")), ("-title", _("Title Z–A")), ("hours", _("Shortest first")),
                ("-hours", _("Longest first")), ("newest", _("Newest first"))]


# ---- catalog ----------------------------------------------------------------------------------------------

class CatalogForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("A word in Kazakh, Russian or English")}))
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    min_level = forms.ChoiceField(label=_("Develops at least level"), required=False)
    type = forms.ChoiceField(label=_("Course type"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    delivery_format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    hours_min = forms.IntegerField(label=_("Hours from"), required=False, min_value=0, max_value=10000)
    hours_max = forms.IntegerField(label=_("Hours to"), required=False, min_value=0, max_value=10000)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["competency"].choices = anything + [(c.idnumber, c.name) for c in options.competencies]
        self.fields["min_level"].choices = anything + [(str(lv.value), f"{lv.value}. {lv.name}")
                                                       for lv in options.levels]
        self.fields["type"].choices = anything + [(t.code, t.name) for t in options.course_types]
        self.fields["provider"].choices = anything + [(p.code, p.name) for p in options.providers]
        self.fields["delivery_format"].choices = anything + list(options.formats)
        self.fields["language"].choices = anything + LANGUAGE_CHOICES

    def clean(self):
        data = super().clean()
        lo, hi = data.get("hours_min"), data.get("hours_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("hours_max", _("“Hours to” must not be less than “Hours from”."))
        return data

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"q": data.get("q") or "", "competency": data.get("competency") or None,
                "min_level": int(data["min_level"]) if data.get("min_level") else None,
                "course_type": data.get("type") or None, "provider": data.get("provider") or None,
                "delivery_format": data.get("delivery_format") or None, "language": data.get("language") or None,
                "hours_min": data.get("hours_min"), "hours_max": data.get("hours_max"),
                "sort": data.get("sort") or "title"}


# ---- authoring --------------------------------------------------------------------------------------------

def _text(label, *, required=False):
    return forms.CharField(label=label, required=required, max_length=300)


def _area(label, *, rows=4):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


def _rich(label):
    """HTML text: a textarea that lesson_editor.js turns into a Trix editor (the textarea stays the submitted
    field, hidden; without JavaScript it is the raw-HTML fallback). Sanitised by the service on save."""
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "data-rich-text": "1"}))


class VersionForm(forms.Form):
    """A draft's catalog attributes and texts (the services check hours against the type)."""

    course_type = forms.ModelChoiceField(label=_("Course type"), queryset=CourseType.objects.all())
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.filter(is_active=True))
    hours = forms.IntegerField(label=_("Academic hours"), min_value=1, max_value=2000)
    delivery_format = forms.ChoiceField(label=_("Format"), choices=DeliveryFormat.choices)
    languages = forms.MultipleChoiceField(label=_("Languages of delivery"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Texts are required in every language of delivery "
                                                      "before the course can be submitted."))
    title_kk = _text(_("Title (Kazakh)"))
    summary_kk = _area(_("Summary (Kazakh)"))
    title_ru = _text(_("Title (Russian)"))
    summary_ru = _area(_("Summary (Russian)"))
    title_en = _text(_("Title (English)"))
    summary_en = _area(_("Summary (English)"))

    def language_groups(self):
        """[(code, name, [bound fields])] for one fieldset per language."""
        return [(code, LANGUAGE_NAMES[code], [self[f"title_{code}"], self[f"summary_{code}"]]) for code in LANGUAGES]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = " ".join(data["languages"])
        return data

    @staticmethod
    def initial_from(version) -> dict:
        fields = ("course_type", "provider", "hours", "delivery_format", "title_kk", "title_ru", "title_en",
                  "summary_kk", "summary_ru", "summary_en")
        return {**{f: getattr(version, f) for f in fields}, "languages": version.language_list}


class CourseCreateForm(VersionForm):
    code = forms.CharField(label=_("Course code"), max_length=32,
                           help_text=_("Capital letters, digits and hyphens, e.g. APA-DT-101."))
    field_order = ["code"]


class ModuleForm(forms.Form):
    title_kk = _text(_("Title (Kazakh)"))
    title_ru = _text(_("Title (Russian)"))
    title_en = _text(_("Title (English)"))

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in ("title_kk", "title_ru", "title_en")):
            raise forms.ValidationError(_("Give the module a title in at least one language."))
        return data


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=lesson_kind_choices)
    title_kk = _text(_("Title (Kazakh)"))
    body_kk = _rich(_("Text (Kazakh)"))
    title_ru = _text(_("Title (Russian)"))
    body_ru = _rich(_("Text (Russian)"))
    title_en = _text(_("Title (English)"))
    body_en = _rich(_("Text (English)"))
    video = forms.ModelChoiceField(label=_("Video"), required=False, queryset=VideoAsset.objects.all())
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("Leave empty to keep the current file."))
    url = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https")
    duration_minutes = forms.IntegerField(label=_("Duration, minutes"), required=False, min_value=1,
                                          max_value=10000)
    completion_rule = forms.ChoiceField(label=_("Completed when"), choices=CompletionRule.choices,
                                        initial=CompletionRule.MARKED)
    completion_param = forms.IntegerField(label=_("Share of the video to watch, %"), required=False,
                                          min_value=1, max_value=100)

    def language_groups(self):
        return [(code, LANGUAGE_NAMES[code], [self[f"title_{code}"], self[f"body_{code}"]]) for code in LANGUAGES]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("file"):
            data.pop("file", None)  # keep the stored file
        data["url"] = data.get("url") or ""
        return data

    @staticmethod
    def initial_from(lesson) -> dict:
        fields = ("kind", "title_kk", "title_ru", "title_en", "body_kk", "body_ru", "body_en", "video", "url",
                  "duration_minutes", "completion_rule", "completion_param")
        return {f: getattr(lesson, f) for f in fields}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class CompetencyMapForm(forms.Form):
    """One "level developed" select per competency of the primary framework (empty = not developed)."""

    def __init__(self, *args, competencies=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("not developed"))] + [(str(lv.pk), f"{lv.value}. {lv.name}") for lv in levels]
        self.competencies = {f"c{c.pk}": c for c in competencies}
        self.levels = {str(lv.pk): lv for lv in levels}
        for name, comp in self.competencies.items():
            self.fields[name] = forms.ChoiceField(label=comp.name, choices=choices, required=False)

    @staticmethod
    def initial_from(mappings) -> dict:
        return {f"c{m.competency_id}": str(m.level_id) for m in mappings}

    def items(self) -> list[dict]:
        return [{"competency": comp, "level": self.levels[self.cleaned_data[name]]}
                for name, comp in self.competencies.items() if self.cleaned_data.get(name)]
