"""The Open Badges 3.0 credential: its shape, its signature checked by an independent library (PyJWT) against
the published JWKS, tampering detected, the issuer documents and the revocation list."""

import base64
import json

import jwt
import pytest
from django.urls import reverse
from jwt import PyJWK

from certificates import services
from certificates.credentials import decode_payload

V2, OB = "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _b64(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _published_key(client, kid: str):
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    assert all("d" not in k for k in keys)  # never the private part
    match = next(k for k in keys if k["kid"] == kid)
    return PyJWK(match).key


@pytest.mark.django_db
def test_signature_verifies_with_pyjwt_against_the_jwks(client, certificate):
    token = certificate.credential_jwt
    header = _b64(token.split(".")[0])
    assert header == {"alg": "EdDSA", "kid": header["kid"], "typ": "JWT"}  # OB 3.0: no other JOSE headers
    claims = jwt.decode(
        token, key=_published_key(client, header["kid"]), algorithms=["EdDSA"], options={"verify_aud": False}
    )
    assert claims["@context"] == [V2, OB]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["iss"] == claims["issuer"]["id"] and claims["issuer"]["type"] == ["Profile"]
    assert claims["jti"] == claims["id"] and claims["id"].startswith("urn:uuid:")
    assert claims["sub"] == claims["credentialSubject"]["id"]
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "Digital government"
    assert {"description", "criteria", "achievementType"} <= achievement.keys()
    assert achievement["criteria"]["narrative"]
    assert claims["validFrom"].endswith("Z")
    from datetime import datetime

    assert (
        int(datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00")).timestamp()) == claims["nbf"]
    )
    assert claims["credentialStatus"]["type"] == "1EdTechRevocationList"
    assert certificate.verification_code in claims["evidence"][0]["id"]


@pytest.mark.django_db
def test_kid_dereferences_to_the_jwk(client, certificate):
    kid = _b64(certificate.credential_jwt.split(".")[0])["kid"]
    path = kid.split("://", 1)[1].split("/", 1)[1]
    jwk = client.get("/" + path).json()
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and jwk["kid"] == kid and "d" not in jwk


@pytest.mark.django_db
def test_tampered_credential_fails(client, certificate):
    header, payload, signature = certificate.credential_jwt.split(".")
    claims = _b64(payload)
    claims["credentialSubject"]["achievement"]["name"] = "Doctor of Public Administration"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    key = _published_key(client, _b64(header)["kid"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged}.{signature}", key=key, algorithms=["EdDSA"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{payload}.{signature[:-4]}AAAA", key=key, algorithms=["EdDSA"])


@pytest.mark.django_db
def test_subject_carries_no_personal_identifiers(certificate, learner):
    claims = decode_payload(certificate.credential_jwt)
    text = json.dumps(claims, ensure_ascii=False)
    assert learner.servant.iin not in text and learner.email not in text and learner.username not in text


@pytest.mark.django_db
def test_retired_key_stays_published(client, settings, tmp_path, certificate):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    old = Ed25519PrivateKey.generate().public_key()
    path = tmp_path / "old.pub.pem"
    path.write_bytes(
        old.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    settings.CERTIFICATE_RETIRED_KEY_FILES = [str(path)]
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    assert len(keys) == 2


@pytest.mark.django_db
def test_issuer_profile_and_revocation_list(client, certificate, hr):
    profile = client.get(reverse("certificates:issuer")).json()
    assert profile["type"] == ["Profile"] and profile["id"].endswith("/certificates/issuer/")
    assert client.get(reverse("certificates:revocations")).json()["revokedCredentials"] == []
    services.certificate_revoke(certificate=certificate, reason="entered in error", actor=hr)
    listed = client.get(reverse("certificates:revocations")).json()["revokedCredentials"]
    assert listed == [{"id": f"urn:uuid:{certificate.uid}", "revoked": True}]


@pytest.mark.django_db
def test_credential_downloads_for_the_holder(client, certificate, learner):
    client.force_login(learner)
    r = client.get(reverse("certificates:credential-jwt", args=[certificate.pk]))
    assert r.status_code == 200 and r.content.decode() == certificate.credential_jwt
    r = client.get(reverse("certificates:credential-json", args=[certificate.pk]))
    assert r.json()["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


@pytest.mark.django_db
def test_production_without_key_issues_and_signs_later(settings, learner, monkeypatch):
    from certificates import keys
    from tests.certificates.conftest import issue

    settings.DEBUG = settings.TESTING = False
    keys.signing_key.cache_clear()
    try:
        c = issue(learner, "course:nokey")
        assert c.credential_jwt == "" and c.number
        settings.TESTING = True
        keys.signing_key.cache_clear()
        assert services.certificate_credential(certificate=c).count(".") == 2
    finally:
        settings.TESTING = True
        keys.signing_key.cache_clear()


@pytest.mark.django_db
def test_rotation_resigns_with_the_new_key_and_old_tokens_still_verify(
    client, settings, tmp_path, certificate
):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.core.management import call_command

    from certificates import keys

    old_token = certificate.credential_jwt
    old_key = tmp_path / "old.pem"
    old_key.write_bytes(
        keys.signing_key().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    new_pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(new_pem).decode()  # the one-line env form
    settings.CERTIFICATE_RETIRED_KEY_FILES = [str(old_key)]
    keys.signing_key.cache_clear()
    try:
        call_command("certificates_resign", stdout=__import__("io").StringIO())
        certificate.refresh_from_db()
        assert certificate.credential_jwt != old_token
        for token in (old_token, certificate.credential_jwt):
            kid = _b64(token.split(".")[0])["kid"]
            jwt.decode(token, key=_published_key(client, kid), algorithms=["EdDSA"])
    finally:
        settings.CERTIFICATE_SIGNING_KEY = ""
        keys.signing_key.cache_clear()


@pytest.mark.django_db
def test_unreadable_key_does_not_block_issuing(settings, learner, tmp_path):
    from certificates import keys
    from tests.certificates.conftest import issue

    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    keys.signing_key.cache_clear()
    try:
        c = issue(learner, "course:badkey")
        assert c.number and c.credential_jwt == ""
    finally:
        settings.CERTIFICATE_SIGNING_KEY_FILE = ""
        keys.signing_key.cache_clear()
