"""Pages and API for holders, HR and admins: own list and detail, PDF, scope refusals (another learner and HR
outside the subtree get 404), revoke form, query counts of the lists."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from certificates.credentials import verification_url
from tests.certificates.conftest import issue

OBJECT_PAGES = [
    "certificates:detail",
    "certificates:pdf",
    "certificates:credential-jwt",
    "certificates:credential-json",
]


@pytest.mark.django_db
def test_holder_pages(client, certificate, learner):
    client.force_login(learner)
    r = client.get(reverse("certificates:mine"))
    assert r.status_code == 200 and certificate.number in r.content.decode()
    r = client.get(reverse("certificates:detail", args=[certificate.pk]))
    text = r.content.decode()
    assert r.status_code == 200 and "data:image/svg+xml" in text and verification_url(certificate) in text
    assert reverse("certificates:revoke", args=[certificate.pk]) not in text  # holders cannot revoke


@pytest.mark.django_db
def test_pdf_contains_number_and_qr_url(client, certificate, learner):
    client.force_login(learner)
    r = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = r.content
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-32:]
    url = verification_url(certificate)
    assert f"/URI ({url})".encode() in pdf  # the link over the QR code
    assert certificate.number.encode() in pdf  # in the document title (text is subset-encoded)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert certificate.number in text and "Жанибекова Айгерим Маратовна" in text
        assert "Біліктілікті арттыру" in text and "Цифрлық үкімет" in text


@pytest.mark.django_db
def test_qr_in_pdf_encodes_the_verification_url(certificate):
    import segno

    from certificates import pdf

    drawn = []
    real = segno.make
    pdf.segno.make = lambda content, **kw: drawn.append(content) or real(content, **kw)
    try:
        pdf.render_certificate_pdf(certificate)
    finally:
        pdf.segno.make = real
    assert drawn == [verification_url(certificate)]


@pytest.mark.django_db
def test_revoked_pdf_is_marked(client, certificate, hr):
    from certificates import services

    services.certificate_revoke(certificate=certificate, reason="error", actor=hr)
    certificate.refresh_from_db()
    from certificates.pdf import render_certificate_pdf

    pdf = render_certificate_pdf(certificate)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "REVOKED" in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_other_learner_gets_404(client, certificate, other_learner, name):
    client.force_login(other_learner)
    assert client.get(reverse(name, args=[certificate.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_hr_outside_scope_gets_404_inside_scope_200(client, certificate, hr, hr_elsewhere, name):
    client.force_login(hr_elsewhere)
    assert client.get(reverse(name, args=[certificate.pk])).status_code == 404
    client.force_login(hr)
    assert client.get(reverse(name, args=[certificate.pk])).status_code == 200


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, certificate):
    r = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert r.status_code == 302 and "login" in r["Location"]


@pytest.mark.django_db
def test_api_scope(client, certificate, learner, other_learner, hr, hr_elsewhere):
    url = f"/api/v1/certificates/{certificate.pk}/"
    for user, expected in ((learner, 200), (hr, 200), (other_learner, 404), (hr_elsewhere, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected
    client.force_login(other_learner)
    assert client.get("/api/v1/certificates/").json()["results"] == []
    client.force_login(learner)
    assert [c["number"] for c in client.get("/api/v1/certificates/").json()["results"]] == [
        certificate.number
    ]


@pytest.mark.django_db
def test_revoke_form(client, certificate, hr, hr_elsewhere, learner):
    url = reverse("certificates:revoke", args=[certificate.pk])
    client.force_login(learner)
    assert client.get(url).status_code == 404
    client.force_login(hr_elsewhere)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(hr)
    r = client.post(url, {"reason": ""})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = client.post(url, {"reason": "Completion entered in error"})
    assert r.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Completion entered in error"


@pytest.mark.django_db
def test_api_revoke(client, certificate, hr, other_learner):
    url = f"/api/v1/certificates/{certificate.pk}/revoke/"
    client.force_login(other_learner)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(hr)
    r = client.post(url, {"reason": ""})
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    r = client.post(url, {"reason": "duplicate"})
    assert r.status_code == 200 and r.json()["revoked"] is True


@pytest.mark.django_db
def test_issued_list_for_hr_only(client, certificate, hr, hr_elsewhere, learner):
    client.force_login(learner)
    assert client.get(reverse("certificates:issued")).status_code == 403
    client.force_login(hr_elsewhere)
    r = client.get(reverse("certificates:issued"))
    assert r.status_code == 200 and certificate.number not in r.content.decode()
    client.force_login(hr)
    r = client.get(reverse("certificates:issued"), {"q": certificate.number})
    assert certificate.number in r.content.decode()


def _many(user, n):
    start = user.certificates.count()
    for i in range(start, start + n):
        issue(user, f"course:{i}", title_ru=f"Курс {i}")


@pytest.mark.django_db
def test_list_query_counts_do_not_grow(client, learner, django_assert_num_queries):
    client.force_login(learner)
    _many(learner, 2)
    client.get(reverse("certificates:mine"))  # warm the session/user caches
    with django_assert_num_queries(4) as small:
        client.get("/api/v1/certificates/")
    _many(learner, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        r = client.get("/api/v1/certificates/")
    assert r.json()["count"] == 14
    with django_assert_num_queries(5) as page_small:
        client.get(reverse("certificates:mine"))
    _many(learner, 5)
    with django_assert_num_queries(len(page_small.captured_queries)):
        client.get(reverse("certificates:mine"))


@pytest.mark.django_db
def test_issued_list_query_count(client, hr, ministry, django_assert_num_queries):
    from tests.factories import CivilServantFactory, PositionFactory, UserFactory

    holders = []
    for i in range(6):
        user = UserFactory(username=f"h{i}")
        CivilServantFactory(user=user, position=PositionFactory(body=ministry))
        holders.append(user)
    client.force_login(hr)
    issue(holders[0], "c:0")
    client.get(reverse("certificates:issued"))
    with django_assert_num_queries(6) as small:
        client.get(reverse("certificates:issued"))
    for i, user in enumerate(holders[1:], start=1):
        issue(user, f"c:{i}")
    with django_assert_num_queries(len(small.captured_queries)):
        r = client.get(reverse("certificates:issued"))
    assert r.content.decode().count("cert-number") >= 6
