"""Public verification: page and API by code, no login, exactly the contract's fields, no personal data beyond
the holder's name, 404 for an unknown code, rate-limited per IP."""

import pytest
from django.urls import reverse

from certificates import services

FIELDS = {"valid", "revoked", "holder", "course", "hours", "issued_on"}


def api(code):
    return f"/api/v1/certificates/verify/{code}/"


@pytest.mark.django_db
def test_api_valid_exact_fields(client, certificate):
    r = client.get(api(certificate.verification_code))
    assert r.status_code == 200
    body = r.json()
    assert set(body) == FIELDS
    assert body == {
        "valid": True,
        "revoked": False,
        "holder": "Жанибекова Айгерим Маратовна",
        "course": "Digital government",
        "hours": 36,
        "issued_on": certificate.issued_on.isoformat(),
    }


@pytest.mark.django_db
def test_api_revoked(client, certificate, hr):
    services.certificate_revoke(certificate=certificate, reason="entered in error", actor=hr)
    body = client.get(api(certificate.verification_code)).json()
    assert body["valid"] is False and body["revoked"] is True and set(body) == FIELDS


@pytest.mark.django_db
def test_api_unknown_code_404(client, certificate):
    assert client.get(api("x" * 32)).status_code == 404
    assert client.get(api(certificate.number)).status_code == 404  # the number is not the code


@pytest.mark.django_db
def test_api_course_follows_language(client, certificate):
    assert (
        client.get(api(certificate.verification_code), HTTP_ACCEPT_LANGUAGE="kk").json()["course"]
        == "Цифрлық үкімет"
    )


@pytest.mark.django_db
def test_no_personal_data_beyond_name(client, certificate, learner):
    servant = learner.servant
    for url in (
        api(certificate.verification_code),
        reverse("certificates:verify", args=[certificate.verification_code]),
    ):
        text = client.get(url).content.decode()
        assert servant.iin not in text and learner.email not in text and servant.personnel_number not in text
        assert learner.username not in text


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_in_three_languages(client, certificate, lang):
    client.cookies["django_language"] = lang
    r = client.get(
        reverse("certificates:verify", args=[certificate.verification_code]), HTTP_ACCEPT_LANGUAGE=lang
    )
    assert r.status_code == 200
    text = r.content.decode()
    assert f'lang="{lang}"' in text and certificate.number in text
    if lang == "en":
        assert "This certificate is valid." in text


@pytest.mark.django_db
def test_page_revoked_and_unknown(client, certificate, hr):
    services.certificate_revoke(certificate=certificate, reason="entered in error", actor=hr)
    r = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert r.status_code == 200 and "revoked" in r.content.decode()
    assert "entered in error" not in r.content.decode()  # the reason is for the holder, not the public
    assert client.get(reverse("certificates:verify", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_rate_limited(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 3
    codes = [client.get(api("unknown-code")).status_code for _ in range(3)]
    assert codes == [404, 404, 404]
    assert client.get(api(certificate.verification_code)).status_code == 429
    assert client.get(reverse("certificates:verify", args=[certificate.verification_code])).status_code == 429
