"""The demo step: certificates for demo learners (one revoked), strictly idempotent."""

import pytest
from django.test import override_settings

from certificates.demo import seed_certificates_demo
from certificates.models import Certificate
from people.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_certificates_idempotent():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seed_demo()
    first = seed_certificates_demo()
    assert first["certificates"] >= 5 and first["revoked"] == 1
    snapshot = sorted(
        Certificate.objects.values_list("number", "source_key", "verification_code", "revoked_at")
    )
    assert seed_certificates_demo() == {"certificates": 0, "revoked": 0}
    assert (
        sorted(Certificate.objects.values_list("number", "source_key", "verification_code", "revoked_at"))
        == snapshot
    )
    assert Certificate.objects.filter(holder__username="servant").count() == 4
    assert Certificate.objects.filter(holder__username="partner", number__startswith="HUB-").count() == 1
    assert Certificate.objects.exclude(credential_jwt="").count() == len(snapshot)
