"""The certificate as an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0), secured with the VC-JWT
proof format of OB 3.0 section 8.2: the JWT payload is the credential itself plus the claims iss (issuer.id),
jti (id), sub (credentialSubject.id) and nbf (validFrom); the JOSE header is exactly alg, kid, typ."""

import json
import uuid
from datetime import UTC

from django.conf import settings
from django.urls import reverse

from certificates.keys import b64url, kid_for, signing_key
from certificates.models import Certificate, CertificateKind

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = {
    "kk": "Қазақстан Республикасы Президентінің жанындағы Мемлекеттік басқару академиясы",
    "ru": "Академия государственного управления при Президенте Республики Казахстан",
    "en": "Academy of Public Administration under the President of the Republic of Kazakhstan",
}
CRITERIA = {
    CertificateKind.COURSE: "Completed every required lesson of the e-course and passed its final test, if any.",
    CertificateKind.RUN: "Completion of the course run confirmed by the training provider (attendance and "
    "course progress as the run requires).",
    CertificateKind.EVENT: "Attended the accredited event for at least its required share of the scheduled time.",
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return absolute(reverse("certificates:issuer"))


def issuer_profile() -> dict:
    """The issuer Profile, also served at its id (certificates:issuer)."""
    return {
        "@context": CONTEXTS,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME["en"],
        "url": settings.SITE_URL.rstrip("/") + "/",
        "description": " / ".join(ISSUER_NAME[lang] for lang in ("kk", "ru")),
    }


def verification_url(certificate: Certificate) -> str:
    return absolute(reverse("certificates:verify", args=[certificate.verification_code]))


def revocation_list_url() -> str:
    return absolute(reverse("certificates:revocations"))


def credential_id(certificate: Certificate) -> str:
    # Not the verification URL: the public revocation list names credential ids, and must not leak codes.
    return f"urn:uuid:{certificate.uid}"


def subject_id(certificate: Certificate) -> str:
    """A stable pseudonymous URI per person (the servant record when there is one, so certificates issued before
    and after the account existed agree): no e-mail, IIN or account name inside."""
    person = (
        f"servant/{certificate.servant_id}" if certificate.servant_id else f"user/{certificate.holder_id}"
    )
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, absolute(f'/holders/{person}'))}"


def achievement_id(certificate: Certificate) -> str:
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, absolute('/achievements/' + certificate.achievement_key))}"
    )


def _iso(moment) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _trilingual(certificate: Certificate, field: str) -> str:
    values = [getattr(certificate, f"{field}_{lang}") for lang in ("kk", "ru", "en")]
    return " / ".join(dict.fromkeys(v for v in values if v))


def build_credential(certificate: Certificate) -> dict:
    name = certificate.title_en or certificate.title_ru or certificate.title_kk
    description = (
        f"{_trilingual(certificate, 'title')}. {certificate.course_type_en}, {certificate.hours} "
        f"academic hours. Provider: {certificate.provider_en or certificate.provider_ru}. "
        f"Certificate No. {certificate.number}."
    )
    subject = {
        "id": subject_id(certificate),
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": certificate.holder_name_en or certificate.holder_name,
                "identityType": "name",
                "hashed": False,
            }
        ],
        "achievement": {
            "id": achievement_id(certificate),
            "type": ["Achievement"],
            "achievementType": "CertificateOfCompletion",
            "name": name,
            "description": description,
            "criteria": {"narrative": CRITERIA[certificate.kind]},
        },
    }
    if certificate.started_on:
        subject["activityStartDate"] = f"{certificate.started_on.isoformat()}T00:00:00Z"
    subject["activityEndDate"] = f"{certificate.completed_on.isoformat()}T00:00:00Z"
    return {
        "@context": CONTEXTS,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME["en"]},
        "validFrom": _iso(certificate.issued_at),
        "name": f"{name} · {certificate.number}",
        "credentialSubject": subject,
        "credentialStatus": {"id": revocation_list_url(), "type": "1EdTechRevocationList"},
        "evidence": [
            {
                "id": verification_url(certificate),
                "type": ["Evidence"],
                "name": "Public verification page",
                "narrative": f"Certificate No. {certificate.number}",
            }
        ],
    }


def _encode(part: dict) -> str:
    return b64url(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def sign_credential(certificate: Certificate) -> tuple[str, str]:
    """(compact JWS, kid). Signed with the cryptography library directly: PyJWT stays a test-only oracle."""
    key = signing_key()
    kid = kid_for(key.public_key())
    credential = build_credential(certificate)
    payload = dict(
        credential,
        iss=credential["issuer"]["id"],
        jti=credential["id"],
        sub=credential["credentialSubject"]["id"],
        nbf=int(certificate.issued_at.timestamp()),
    )
    signing_input = f"{_encode({'alg': 'EdDSA', 'kid': kid, 'typ': 'JWT'})}.{_encode(payload)}"
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}", kid


def decode_payload(token: str) -> dict:
    """The credential inside a stored token (no verification: the token is ours, read for display)."""
    import base64

    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
