"""Competency frameworks: scales, competency trees, position profiles and servants' assessments.

Texts are trilingual in explicit fields (name_kk/name_ru/name_en), like people.models; `needs_review_<lang>`
marks a translation nobody has confirmed yet (the demo's Kazakh names, for instance)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import Corps, StateBody, TrilingualNameMixin, localized
from people.validators import CATEGORY_GROUPS

LANGUAGES = ("kk", "ru", "en")


class TrilingualText(TrilingualNameMixin, models.Model):
    """Name and description in kk/ru/en with a per-language review flag. At least one name is required."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    needs_review_kk = models.BooleanField(_("Kazakh text needs review"), default=False)
    needs_review_ru = models.BooleanField(_("Russian text needs review"), default=False)
    needs_review_en = models.BooleanField(_("English text needs review"), default=False)

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        return localized(self, "description")


class DescriptionFormat(models.IntegerChoices):
    """Moodle's text formats (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN)."""

    MOODLE = 0, _("Moodle auto-format")
    HTML = 1, _("HTML")
    PLAIN = 2, _("plain text")
    MARKDOWN = 4, _("Markdown")


class Framework(TrilingualText):
    idnumber = models.CharField(_("ID number"), max_length=100, unique=True)
    description_format = models.PositiveSmallIntegerField(
        _("description format"), choices=DescriptionFormat.choices, default=DescriptionFormat.HTML
    )
    # Moodle taxonomy per depth, comma-separated: "domain,competency,indicator".
    taxonomies = models.CharField(_("taxonomy per level"), max_length=255, blank=True)
    is_primary = models.BooleanField(
        _("primary framework"), default=False,
        help_text=_("Position profiles and gap reports use the primary framework unless told otherwise."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["idnumber"]
        constraints = [
            models.UniqueConstraint(fields=["is_primary"], condition=Q(is_primary=True), name="one_primary_framework"),
            models.CheckConstraint(condition=~Q(name_kk="", name_ru="", name_en=""), name="framework_has_name"),
        ]

    def __str__(self):
        return f"{self.idnumber}: {self.name}"

    def taxonomy_list(self) -> list[str]:
        return [t for t in self.taxonomies.split(",") if t]


class ScaleLevel(TrilingualText):
    """One level of a framework's proficiency scale; `value` orders the scale (1 = lowest)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("level"))
    is_default = models.BooleanField(_("default level"), default=False)
    is_proficient = models.BooleanField(_("proficient"), default=False)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="scale_level_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="scale_level_positive"),
            models.CheckConstraint(condition=~Q(name_kk="", name_ru="", name_en=""), name="scale_level_has_name"),
        ]

    def __str__(self):
        return f"{self.value}. {self.name}"


class Competency(TrilingualText):
    """A node of the framework's tree: cluster, competency or indicator (the framework's taxonomy says which
    word each depth uses)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    idnumber = models.CharField(_("ID number"), max_length=100)
    sort_order = models.PositiveIntegerField(_("order among siblings"), default=0)
    description_format = models.PositiveSmallIntegerField(
        _("description format"), choices=DescriptionFormat.choices, default=DescriptionFormat.HTML
    )
    related = models.ManyToManyField("self", verbose_name=_("cross-referenced competencies"), blank=True)
    # Kept verbatim for Moodle round trips: a competency's own scale, and its completion rule.
    scale_values = models.TextField(_("own scale values (Moodle)"), blank=True)
    scale_configuration = models.TextField(_("own scale configuration (Moodle)"), blank=True)
    rule_type = models.CharField(_("rule type (Moodle)"), max_length=255, blank=True)
    rule_outcome = models.SmallIntegerField(_("rule outcome (Moodle)"), default=0)
    # NULL is Moodle's "no rule config" (written as the literal null); "" would not round-trip.
    rule_config = models.TextField(_("rule configuration (Moodle)"), null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "sort_order", "idnumber"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "idnumber"], name="competency_idnumber_unique"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="competency_not_own_parent"),
            models.CheckConstraint(condition=~Q(name_kk="", name_ru="", name_en=""), name="competency_has_name"),
        ]

    def __str__(self):
        return f"{self.idnumber}: {self.name}"


class BehaviouralIndicator(models.Model):
    """What a competency looks like at one level of the scale."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    level = models.ForeignKey(ScaleLevel, verbose_name=_("level"), on_delete=models.CASCADE, related_name="indicators")
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    needs_review_kk = models.BooleanField(_("Kazakh text needs review"), default=False)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Written as a plausible example, not taken from an official source.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("behavioural indicator")
        verbose_name_plural = _("behavioural indicators")
        ordering = ["competency", "level__value", "sort_order"]

    def __str__(self):
        return self.text[:80]

    @property
    def text(self) -> str:
        return localized(self, "text")


CATEGORY_GROUP_CHOICES = [(g, g) for g in CATEGORY_GROUPS]


class PositionProfile(TrilingualText):
    """Required levels for a group of positions. Empty filters match any value; with `body` set the profile
    is a sectoral override for that body and its subtree (selectors.profile_for_position resolves ties)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="profiles")
    corps = models.CharField(_("corps"), max_length=10, choices=Corps.choices)
    category_group = models.CharField(
        _("category group"), max_length=4, blank=True, choices=CATEGORY_GROUP_CHOICES,
        help_text=_("Corps B register group, e.g. C-O; empty for any."),
    )
    managerial = models.BooleanField(
        _("managerial"), null=True, blank=True, help_text=_("Yes: managerial posts; no: executive; empty: both.")
    )
    body = models.ForeignKey(
        StateBody, verbose_name=_("state body (sectoral override)"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="competency_profiles",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("position profile")
        verbose_name_plural = _("position profiles")
        ordering = ["framework", "corps", "category_group", "managerial"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "corps", "category_group", "managerial", "body"],
                name="position_profile_unique", nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(corps="B") | Q(category_group=""), name="profile_group_only_corps_b"),
        ]

    def __str__(self):
        return self.name or f"{self.corps} {self.category_group}".strip()

    @property
    def specificity(self) -> int:
        """corps+group+managerial (3) > corps+group (2) > corps+managerial (1) > corps (0)."""
        return (2 if self.category_group else 0) + (1 if self.managerial is not None else 0)


class ProfileRequirement(models.Model):
    profile = models.ForeignKey(PositionProfile, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.CASCADE)
    level = models.ForeignKey(ScaleLevel, verbose_name=_("required level"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("required level")
        verbose_name_plural = _("required levels")
        constraints = [models.UniqueConstraint(fields=["profile", "competency"], name="profile_requirement_unique")]

    def __str__(self):
        return f"{self.competency.idnumber}: {self.level.value}"


class AssessmentSource(models.TextChoices):
    EVALUATION = "evaluation", _("performance evaluation")
    TEST = "test", _("test")
    SELF = "self", _("self-assessment")
    MANAGER = "manager", _("manager's assessment")


# When two assessments share a date the more reliable source wins.
SOURCE_PRIORITY = {
    AssessmentSource.TEST: 4, AssessmentSource.EVALUATION: 3, AssessmentSource.MANAGER: 2, AssessmentSource.SELF: 1,
}


class CompetencyAssessment(models.Model):
    servant = models.ForeignKey(
        "people.CivilServant", verbose_name=_("civil servant"), on_delete=models.CASCADE,
        related_name="competency_assessments",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="assessments"
    )
    level = models.ForeignKey(ScaleLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=12, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["servant", "competency", "-assessed_on"]
        indexes = [models.Index(fields=["servant", "competency", "assessed_on"], name="assessment_latest_idx")]

    def __str__(self):
        return f"{self.servant_id} · {self.competency.idnumber} = {self.level.value} ({self.assessed_on})"
