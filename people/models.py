"""People and organisations: regions, state bodies (trees), units, positions, civil servants,
employment history, users with roles and scopes, partner-country participants."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from people.validators import validate_category_code, validate_iin


def localized(obj, field: str, language: str | None = None) -> str:
    """obj.<field>_<lang> for the active language, falling back to ru, kk, en."""
    lang = (language or get_language() or "ru")[:2]
    for candidate in (lang, "ru", "kk", "en"):
        value = getattr(obj, f"{field}_{candidate}", "")
        if value:
            return value
    return ""


class TrilingualNameMixin:
    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name


class User(AbstractUser):
    class Language(models.TextChoices):
        KK = "kk", "Қазақша"
        RU = "ru", "Русский"
        EN = "en", "English"

    preferred_language = models.CharField(_("interface language"), max_length=2, choices=Language.choices, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="Asia/Almaty")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Region(TrilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        OBLYS = "oblys", _("region (oblys)")
        CITY = "city", _("city of republican significance")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_ru"]


class StateBody(TrilingualNameMixin, models.Model):
    """A node of a state-body tree. `path` is a materialised path of zero-padded ids ("00000001/00000007/")
    so a whole subtree is one indexed prefix query; people.services keeps it right on moves."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry / central body")
        AGENCY = "agency", _("agency")
        COMMITTEE = "committee", _("committee")
        TERRITORIAL = "territorial", _("territorial department")
        AKIMAT = "akimat", _("regional / city akimat")
        DISTRICT_AKIMAT = "district_akimat", _("district akimat")
        ORGANISATION = "organisation", _("organisation")

    code = models.CharField(_("body code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent body"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")
        ordering = ["path"]
        constraints = [models.CheckConstraint(condition=~Q(parent=models.F("id")), name="body_not_own_parent")]

    @staticmethod
    def path_segment(pk: int) -> str:
        return f"{pk:08d}/"


class StructuralUnit(TrilingualNameMixin, models.Model):
    """Department -> division inside one state body."""

    body = models.ForeignKey(StateBody, verbose_name=_("state body"), on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("unit code"), max_length=32)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("structural unit")
        verbose_name_plural = _("structural units")
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="unit_code_unique_in_body")]


class Corps(models.TextChoices):
    POLITICAL = "political", _("political")
    A = "A", _("administrative, corps A")
    B = "B", _("administrative, corps B")


class Position(models.Model):
    """A post in a body's staff list. Corps B posts carry a register category code, corps A posts may, political
    posts none."""

    body = models.ForeignKey(StateBody, verbose_name=_("state body"), on_delete=models.PROTECT, related_name="positions")
    unit = models.ForeignKey(StructuralUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    corps = models.CharField(_("corps"), max_length=10, choices=Corps.choices)
    category_code = models.CharField(
        _("category code"), max_length=8, blank=True, validators=[validate_category_code],
        help_text=_("Required for corps B, optional for corps A, e.g. C-4, C-O-3, E-G-2."),
    )
    managerial = models.BooleanField(_("managerial"), default=False)
    ekyzmet_code = models.CharField(_("E-kyzmet position code"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                # Corps B posts always carry a register code; corps A posts may (categories "will be established
                # for the administrative 'A' corps", seed 001); political posts never do.
                condition=(Q(corps="B") & ~Q(category_code="")) | Q(corps="A")
                | (Q(corps="political") & Q(category_code="")),
                name="category_code_b_required_a_optional",
            ),
            models.UniqueConstraint(
                fields=["body", "title_ru", "corps", "category_code", "managerial"], name="position_natural_key"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.category_code or self.get_corps_display()})"

    @property
    def title(self) -> str:
        return localized(self, "title")


class CivilServant(models.Model):
    personnel_number = models.CharField(_("personnel number"), max_length=32, unique=True)
    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="servant",
    )
    last_name_kk = models.CharField(_("last name (Kazakh)"), max_length=100, blank=True)
    first_name_kk = models.CharField(_("first name (Kazakh)"), max_length=100, blank=True)
    middle_name_kk = models.CharField(_("patronymic (Kazakh)"), max_length=100, blank=True)
    last_name_ru = models.CharField(_("last name (Russian)"), max_length=100)
    first_name_ru = models.CharField(_("first name (Russian)"), max_length=100)
    middle_name_ru = models.CharField(_("patronymic (Russian)"), max_length=100, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=100, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=100, blank=True)
    middle_name_en = models.CharField(_("patronymic (English)"), max_length=100, blank=True)
    # Current post, denormalised from the open EmploymentRecord for fast scoped queries.
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="holders")
    body = models.ForeignKey(StateBody, verbose_name=_("state body"), on_delete=models.PROTECT, related_name="servants")
    unit = models.ForeignKey(
        StructuralUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="servants"
    )
    appointed_on = models.DateField(_("appointed to current position on"))
    entered_service_on = models.DateField(_("entered civil service on"))
    first_time_entrant = models.BooleanField(_("first-time entrant"), default=False)
    probation_until = models.DateField(_("probation until"), null=True, blank=True)
    mentor = models.ForeignKey(
        "self", verbose_name=_("mentor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mentees"
    )
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        verbose_name = _("civil servant")
        verbose_name_plural = _("civil servants")
        ordering = ["last_name_ru", "first_name_ru"]
        constraints = [
            models.CheckConstraint(condition=Q(iin__regex=r"^[0-9]{12}$"), name="iin_twelve_digits"),
            models.CheckConstraint(condition=Q(appointed_on__gte=models.F("entered_service_on")),
                                   name="appointed_not_before_entry"),
            models.CheckConstraint(condition=~Q(mentor=models.F("id")), name="servant_not_own_mentor"),
        ]
        indexes = [models.Index(fields=["body", "is_active"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = (localized(self, "last_name"), localized(self, "first_name"), localized(self, "middle_name"))
        return " ".join(p for p in parts if p)


class EmploymentRecord(models.Model):
    """History of posts; exactly one open record (ended_on NULL) per servant in service."""

    servant = models.ForeignKey(CivilServant, on_delete=models.CASCADE, related_name="employment")
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.PROTECT)
    body = models.ForeignKey(StateBody, verbose_name=_("state body"), on_delete=models.PROTECT)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment history")
        ordering = ["servant", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["servant"], condition=Q(ended_on__isnull=True), name="one_open_post"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="employment_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.servant_id}: {self.position_id} {self.started_on}–{self.ended_on or '…'}"


class Role(models.TextChoices):
    SERVANT = "servant", _("civil servant")
    LINE_MANAGER = "line_manager", _("line manager")
    HR_OFFICER = "hr_officer", _("HR officer")
    FACULTY = "faculty", _("APA faculty")
    ADMIN = "apa_admin", _("APA administrator")
    ANALYST = "analyst", _("Agency analyst")
    PARTNER = "partner", _("Hub partner participant")
    GRANT_REVIEWER = "grant_reviewer", _("scholarship reviewer")
    GRANT_COMMITTEE = "grant_committee", _("scholarship committee member")


class RoleAssignment(models.Model):
    """A user's role with its scope: HR officer -> body (and its subtree); line manager -> unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    body = models.ForeignKey(StateBody, verbose_name=_("state body"), null=True, blank=True, on_delete=models.CASCADE)
    unit = models.ForeignKey(StructuralUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(condition=~Q(role="hr_officer") | Q(body__isnull=False), name="hr_officer_has_body"),
            models.CheckConstraint(condition=~Q(role="line_manager") | Q(unit__isnull=False),
                                   name="line_manager_has_unit"),
            models.UniqueConstraint(fields=["user", "role", "body", "unit"], name="role_assignment_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self):
        scope = self.unit or self.body or ""
        return f"{self.user} · {self.get_role_display()} {scope}".strip()


class PartnerParticipant(models.Model):
    """An external person from a Hub partner country (no IIN, no personnel record)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_profile")
    country = models.CharField(_("country (ISO 3166 alpha-2)"), max_length=2)
    organisation = models.CharField(_("organisation"), max_length=300)
    position_title = models.CharField(_("position"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner participant")
        verbose_name_plural = _("partner participants")
        constraints = [models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="country_iso2")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.country})"
