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
