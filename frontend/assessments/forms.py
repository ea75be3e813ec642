from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assessments import banks


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(limit)s.") % {
            "limit": filesizeformat(settings.QUESTION_UPLOAD_MAX_BYTES)
        }

    def clean_file(self):
        """Past QUESTION_UPLOAD_MAX_BYTES the file is refused here: never read, imported or queued as a job."""
        upload = self.cleaned_data["file"]
        error = banks.upload_size_error(upload.size)
        if error:
            raise forms.ValidationError(error, code="too_large")
        return upload


class OverrideForm(forms.Form):
    percent = forms.DecimalField(label=_("Grade, %"), min_value=0, max_value=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class QuizSettingsForm(forms.Form):
    """The quiz of a lesson: settings plus its rules, one per line in the bank:
    `question KEY` | `category PATH COUNT` | `tag TAG COUNT`."""

    role = forms.ChoiceField(label=_("Role"))
    time_limit_minutes = forms.IntegerField(label=_("Time limit, minutes"), min_value=1, required=False)
    attempts_allowed = forms.IntegerField(label=_("Attempts allowed (0 = unlimited)"), min_value=0, initial=0)
    pass_percent = forms.DecimalField(label=_("Pass mark, %"), min_value=0, max_value=100, initial=60)
    grading_method = forms.ChoiceField(label=_("Grading method"))
    shuffle_choices = forms.BooleanField(label=_("Shuffle options"), required=False, initial=True)
    review_when = forms.ChoiceField(label=_("Show correct answers and feedback"))
    bank = forms.CharField(label=_("Question bank code"), max_length=64)
    rules = forms.CharField(
        label=_("Rules"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: “question KEY”, “category PATH COUNT” or “tag TAG COUNT”."),
    )

    def __init__(self, *args, **kwargs):
        from assessments.models import GradingMethod, QuizRole, ReviewWhen

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = QuizRole.choices
        self.fields["grading_method"].choices = GradingMethod.choices
        self.fields["review_when"].choices = ReviewWhen.choices


# --- the question editor ----------------------------------------------------------------------------------

QUESTION_LANGUAGES = (("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English")))
RICH = {"rows": 5, "data-rich-text": "1"}  # frontend/lesson_editor.js puts a Trix editor over it


class QuestionForm(forms.Form):
    """A question's own fields: trilingual text and general feedback (rich text, sanitised by the service),
    category, name, mark, competency and level (kept as the `competency:` / `level:` tags imports use)."""

    category = forms.CharField(
        label=_("Category"),
        max_length=1000,
        initial="top",
        help_text=_("A path such as “top/Ethics”; a new path creates the category."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        required=False,
        help_text=_("The question's title in GIFT and Moodle XML files; a re-import matches it by name."),
    )
    text_kk = forms.CharField(label=_("Question text (Kazakh)"), required=False, widget=forms.Textarea(RICH))
    text_ru = forms.CharField(label=_("Question text (Russian)"), required=False, widget=forms.Textarea(RICH))
    text_en = forms.CharField(label=_("Question text (English)"), required=False, widget=forms.Textarea(RICH))
    general_feedback_kk = forms.CharField(
        label=_("General feedback (Kazakh)"), required=False, widget=forms.Textarea(RICH)
    )
    general_feedback_ru = forms.CharField(
        label=_("General feedback (Russian)"), required=False, widget=forms.Textarea(RICH)
    )
    general_feedback_en = forms.CharField(
        label=_("General feedback (English)"), required=False, widget=forms.Textarea(RICH)
    )
    default_mark = forms.DecimalField(
        label=_("Mark"), min_value=Decimal("0.01"), max_value=Decimal("9999.99"), decimal_places=2, initial=1
    )
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=9, required=False)
    other_tags = forms.CharField(
        label=_("Other tags"),
        max_length=1000,
        required=False,
        help_text=_("Comma-separated; a quiz rule “tag TAG COUNT” draws by them."),
    )
    shuffle = forms.BooleanField(label=_("Shuffle the options"), required=False, initial=True)
    case_sensitive = forms.BooleanField(label=_("Case matters"), required=False)
    true_answer = forms.TypedChoiceField(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "—"), *competencies]

    def language_groups(self):
        return [
            (code, name, [self[f"text_{code}"], self[f"general_feedback_{code}"]])
            for code, name in QUESTION_LANGUAGES
        ]

    def tags(self) -> list[str]:
        data = self.cleaned_data
        tags = [t.strip() for t in data["other_tags"].split(",") if t.strip()]
        if data["competency"]:
            tags.append(f"competency:{data['competency']}")
        if data["level"]:
            tags.append(f"level:{data['level']}")
        return tags

    @staticmethod
    def initial_from(question) -> dict:
        from django.utils.html import linebreaks

        initial = {
            "category": question.category.path,
            "name": question.name,
            "default_mark": question.default_mark,
            "shuffle": question.shuffle,
            "case_sensitive": question.case_sensitive,
            "other_tags": ", ".join(t for t in question.tags if not t.startswith(("competency:", "level:"))),
            "competency": next(
                (t.split(":", 1)[1].upper() for t in question.tags if t.startswith("competency:")), ""
            ),
            "level": next(
                (int(t[6:]) for t in question.tags if t.startswith("level:") and t[6:].isdigit()), None
            ),
        }
        for code, _name in QUESTION_LANGUAGES:
            for field in ("text", "general_feedback"):
                value = getattr(question, f"{field}_{code}")
                # a plain-text (GIFT "moodle" format) text opens in the editor as paragraphs
                initial[f"{field}_{code}"] = value if question.text_format == "html" else linebreaks(value)
        return initial


class ChoiceForm(forms.Form):
    """One answer; the page shows the fields the question's kind uses. Weights are percents (Moodle)."""

    text_kk = forms.CharField(label=_("Answer (Kazakh)"), max_length=5000, required=False)
    text_ru = forms.CharField(label=_("Answer (Russian)"), max_length=5000, required=False)
    text_en = forms.CharField(label=_("Answer (English)"), max_length=5000, required=False)
    match_kk = forms.CharField(label=_("Its match (Kazakh)"), max_length=5000, required=False)
    match_ru = forms.CharField(label=_("Its match (Russian)"), max_length=5000, required=False)
    match_en = forms.CharField(label=_("Its match (English)"), max_length=5000, required=False)
    feedback_kk = forms.CharField(label=_("Feedback (Kazakh)"), max_length=5000, required=False)
    feedback_ru = forms.CharField(label=_("Feedback (Russian)"), max_length=5000, required=False)
    feedback_en = forms.CharField(label=_("Feedback (English)"), max_length=5000, required=False)
    number = forms.DecimalField(label=_("Number"), max_digits=20, decimal_places=7, required=False)
    tolerance = forms.DecimalField(
        label=_("Tolerance ±"), min_value=0, max_digits=20, decimal_places=7, required=False
    )
    percent = forms.DecimalField(
        label=_("Weight, %"),
        min_value=-100,
        max_value=100,
        max_digits=10,
        decimal_places=5,
        required=False,
        initial=0,
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        keys = [f"{f}_{lang}" for f in ("text", "match") for lang, _n in QUESTION_LANGUAGES]
        return not any(data.get(k) for k in keys) and data.get("number") is None

    @staticmethod
    def initial_from(choice) -> dict:
        from assessments.formats.common import parse_decimal

        initial = {
            f"{f}_{lang}": getattr(choice, f"{f}_{lang}")
            for f in ("text", "match", "feedback")
            for lang, _n in QUESTION_LANGUAGES
        }
        number = parse_decimal(choice.text or "")
        initial["number"] = None if number is None else format(number.normalize(), "f")
        initial["tolerance"] = choice.tolerance
        initial["percent"] = format((choice.fraction * 100).normalize(), "f")  # 100, not 1E+2
        return initial


def choice_formset(kind: str, *, new: bool):
    """The answers' formset of a kind: true/false has its two fixed rows; an essay none; others leave blank
    rows to add answers (blank rows are ignored)."""
    if kind == "truefalse":
        return forms.formset_factory(ChoiceForm, extra=0, max_num=2, validate_max=True)
    return forms.formset_factory(
        ChoiceForm, extra=4 if new else 2, can_delete=True, can_order=True, max_num=50, validate_max=True
    )
