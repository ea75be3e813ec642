"""The platform's Ed25519 signing key and its public JWKs.

Production: CERTIFICATE_SIGNING_KEY (PEM text or base64 of it) or CERTIFICATE_SIGNING_KEY_FILE (PEM path).
Development and tests: generated once into CERTIFICATE_KEY_DIR (var/keys/, ignored by git) and reused, so every
process of one checkout signs with the same key. Production never generates: web replicas would each sign with
their own key. Retired keys stay in the JWKS (CERTIFICATE_RETIRED_KEY_FILES) so old credentials still verify."""

import base64
import hashlib
import json
import logging
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse

log = logging.getLogger(__name__)
DEV_KEY_NAME = "certificate-signing-ed25519.pem"


class SigningKeyMissing(Exception):
    """No signing key configured (production without CERTIFICATE_SIGNING_KEY[_FILE])."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _load_pem(data: bytes):
    text = data.strip()
    if not text.startswith(b"-----BEGIN"):
        text = base64.b64decode(text)  # the PEM given base64-encoded (one line in an env file)
    if b"PRIVATE KEY" in text:
        return serialization.load_pem_private_key(text, password=None)
    return serialization.load_pem_public_key(text)


def _dev_key(directory: Path) -> Ed25519PrivateKey:
    """Create the key file exclusively (O_EXCL) so two processes starting together agree on one key."""
    path = directory / DEV_KEY_NAME
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
            log.warning(
                "Generated a development certificate-signing key at %s; production must set "
                "CERTIFICATE_SIGNING_KEY_FILE or CERTIFICATE_SIGNING_KEY (docs/certificates.md).",
                path,
            )
    return _load_pem(path.read_bytes())


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    if settings.CERTIFICATE_SIGNING_KEY:
        key = _load_pem(settings.CERTIFICATE_SIGNING_KEY.encode())
    elif settings.CERTIFICATE_SIGNING_KEY_FILE:
        key = _load_pem(Path(settings.CERTIFICATE_SIGNING_KEY_FILE).read_bytes())
    elif settings.DEBUG or settings.TESTING:
        key = _dev_key(Path(settings.CERTIFICATE_KEY_DIR))
    else:
        raise SigningKeyMissing("Set CERTIFICATE_SIGNING_KEY_FILE or CERTIFICATE_SIGNING_KEY.")
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing("The certificate-signing key must be an Ed25519 private key.")
    return key


def signing_available() -> bool:
    """False when no key is configured or the configured one cannot be read: issuing a certificate (and the
    completion that triggers it) must not fail for that; the credential is signed later."""
    try:
        signing_key()
    except SigningKeyMissing:
        return False
    except (OSError, ValueError, TypeError):
        log.exception("The certificate-signing key cannot be loaded; credentials stay unsigned until it can.")
        return False
    return True


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def thumbprint(public: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint: SHA-256 of the required members in lexicographic order, no whitespace."""
    members = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": b64url(_raw(public))}, separators=(",", ":"), sort_keys=True
    )
    return b64url(hashlib.sha256(members.encode()).digest())


def kid_for(public: Ed25519PublicKey) -> str:
    """A URL that dereferences to the JWK (as OB 3.0 asks of `kid`)."""
    return settings.SITE_URL + reverse("certificates:issuer-key", args=[thumbprint(public)])


def jwk_for(public: Ed25519PublicKey) -> dict:
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(_raw(public)),
        "kid": kid_for(public),
        "alg": "EdDSA",
        "use": "sig",
    }


def _retired_public_keys() -> list[Ed25519PublicKey]:
    keys = []
    for name in settings.CERTIFICATE_RETIRED_KEY_FILES:
        key = _load_pem(Path(name).read_bytes())
        keys.append(key.public_key() if isinstance(key, Ed25519PrivateKey) else key)
    return [k for k in keys if isinstance(k, Ed25519PublicKey)]


def public_keys() -> list[Ed25519PublicKey]:
    """The current key first, then the retired ones."""
    current = [signing_key().public_key()] if signing_available() else []
    return current + _retired_public_keys()


def jwks() -> dict:
    seen, keys = set(), []
    for public in public_keys():
        jwk = jwk_for(public)
        if jwk["x"] not in seen:
            seen.add(jwk["x"])
            keys.append(jwk)
    return {"keys": keys}
