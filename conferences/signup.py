"""Self-registration of external (partner-country) participants with e-mail verification.

The account is created inactive with its PartnerParticipant profile; the e-mail carries a signed, expiring
token (django.core.signing, salted); following it activates the account and, when the sign-up started from an
event page, registers for that event.

The link works once and only for an account that has never been active: the token carries a fingerprint of the
account's state (password hash, last login, active flag), which changes when the link is used (the account
becomes active and signs in). An account an administrator deactivated has signed in before, so neither an old
link nor a new sign-up with the same e-mail activates it again."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from conferences.models import Event, Registration
from lms.audit import audit_record
from lms.errors import ApplicationError
from people.models import PartnerParticipant, User

SALT = "conferences.partner-signup"
MAX_AGE = 3 * 24 * 3600


def _fingerprint(user: User) -> str:
    state = f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}"
    return salted_hmac(SALT, state).hexdigest()[:32]


def _was_active(user: User) -> bool:
    """Verified before (the verification signs in), or an account an administrator made and then closed."""
    return user.last_login is not None


def verification_token(user: User, event_slug: str = "") -> str:
    return signing.dumps({"u": user.pk, "e": user.email, "ev": event_slug, "h": _fingerprint(user)}, salt=SALT)


@transaction.atomic
def partner_signup_start(*, email: str, password: str, first_name: str, last_name: str, country: str,
                         organisation: str, position_title: str = "", language: str = "en",
                         time_zone: str = "UTC", event: Event | None = None) -> User:
    email = email.strip().lower()
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ApplicationError("invalid_country", _("Choose your country."))
    user = User.objects.filter(username=email).first()
    if user is not None and (user.is_active or _was_active(user)):  # a deactivated account stays closed
        raise ApplicationError("email_taken", _("An account with this e-mail already exists. Sign in instead."))
    if user is None:
        user = User(username=email)
    user.email, user.first_name, user.last_name = email, first_name.strip(), last_name.strip()
    user.preferred_language, user.time_zone, user.is_active = language, time_zone, False
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ApplicationError("weak_password", " ".join(exc.messages), extra={"fields": {"password": exc.messages}})
    user.set_password(password)
    user.save()
    PartnerParticipant.objects.update_or_create(user=user, defaults={
        "country": country, "organisation": organisation.strip(), "position_title": position_title.strip()})
    audit_record(actor=None, action="partner.signup", obj=user, summary=f"{country} {organisation[:100]}")
    link = settings.SITE_URL + reverse("conferences:verify", args=[verification_token(user, event.slug if event else "")])
    transaction.on_commit(lambda: _send_verification(user, link))
    return user


def _send_verification(user: User, link: str) -> None:
    with translation.override(user.preferred_language or "en"):
        send_mail(_("Confirm your e-mail address"),
                  _("Follow this link to confirm your e-mail and finish your registration:\n\n%(link)s\n\n"
                    "The link is valid for three days. If you did not sign up, ignore this message.")
                  % {"link": link}, None, [user.email])


@transaction.atomic
def partner_signup_verify(*, token: str) -> tuple[User, Registration | None]:
    from conferences.services import registration_create

    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ApplicationError("link_expired", _("This link has expired. Sign up again to get a new one."))
    except signing.BadSignature:
        raise ApplicationError("bad_link", _("This link is not valid."))
    user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
    if (user is None or user.is_active or _was_active(user)
            or not constant_time_compare(data.get("h", ""), _fingerprint(user))):
        raise ApplicationError("bad_link", _("This link has been used already or is no longer valid."))
    user.is_active = True
    user.last_login = timezone.now()  # changes the fingerprint at once: the link is spent
    user.save(update_fields=["is_active", "last_login"])
    audit_record(actor=user, action="partner.verify", obj=user, summary=user.email)
    registration = None
    event = Event.objects.filter(slug=data.get("ev") or "").first()
    if event is not None:
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is None:
            registration = registration_create(event=event, user=user)
    return user, registration
