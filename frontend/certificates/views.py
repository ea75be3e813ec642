"""Certificate pages: "My certificates", the certificate page (PDF, signed credential, QR), the HR/admin list and
revoke form, the public verification page, and the issuer's public documents (profile, keys, revocation list)
that Open Badges verifiers fetch. Thin: reads from certificates.selectors, writes through certificates.services."""

import json

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from certificates import credentials, keys, selectors, services
from certificates.pdf import render_certificate_pdf
from certificates.ratelimit import verify_allowed
from frontend.certificates.forms import RevokeForm, SearchForm
from frontend.service_calls import call_service

PAGE_SIZE = 25


@login_required
def mine(request):
    return render(
        request,
        "frontend/certificates/mine.html",
        {"certificates": list(selectors.certificates_of(request.user))},
    )


@login_required
def issued(request):
    """HR officers and administrators: certificates in their scope, searchable by number or holder name."""
    if not selectors.can_manage_certificates(request.user):
        raise PermissionDenied
    qs = selectors.certificates_managed_by(request.user)
    form = SearchForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["q"]:
        term = form.cleaned_data["q"]
        qs = qs.filter(
            Q(number__iexact=term) | Q(holder_name__icontains=term) | Q(holder_name_en__icontains=term)
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/certificates/issued.html", {"form": form, "page": page})


def _visible(request, pk: int):
    return get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    certificate = _visible(request, pk)
    url = credentials.verification_url(certificate)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    return render(
        request,
        "frontend/certificates/detail.html",
        {
            "certificate": certificate,
            "verification_url": url,
            "qr": qr,
            "can_revoke": not certificate.is_revoked and services.can_revoke(request.user, certificate),
        },
    )


@login_required
def pdf(request, pk: int):
    certificate = _visible(request, pk)
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


def _credential_or_error(request, certificate):
    outcome = call_service(request, services.certificate_credential, certificate=certificate)
    return outcome.value if outcome.ok else None


@login_required
def credential_jwt(request, pk: int):
    certificate = _visible(request, pk)
    token = _credential_or_error(request, certificate)
    if token is None:
        return redirect("certificates:detail", pk=pk)
    response = HttpResponse(token, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.number}.jwt"'
    return response


@login_required
def credential_json(request, pk: int):
    """The credential inside the signed token, readable; the .jwt download is the verifiable form."""
    certificate = _visible(request, pk)
    token = _credential_or_error(request, certificate)
    if token is None:
        return redirect("certificates:detail", pk=pk)
    body = json.dumps(credentials.decode_payload(token), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.number}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk: int):
    certificate = _visible(request, pk)
    if not services.can_revoke(request.user, certificate):
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            services.certificate_revoke,
            form=form,
            success=_("Certificate revoked."),
            certificate=certificate,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        if outcome.ok:
            return redirect("certificates:detail", pk=pk)
    return render(request, "frontend/certificates/revoke.html", {"certificate": certificate, "form": form})


def verify(request, code: str):
    """Public: validity, holder name, course, hours, dates. Nothing else about the holder."""
    if not verify_allowed(request):
        return render(request, "frontend/certificates/verify_limited.html", status=429)
    certificate = selectors.certificate_for_verification(code)
    if certificate is None:
        return render(request, "frontend/certificates/verify_unknown.html", status=404)
    return render(request, "frontend/certificates/verify.html", {"certificate": certificate})


@cache_control(max_age=3600, public=True)
def issuer(request):
    return JsonResponse(credentials.issuer_profile(), json_dumps_params={"ensure_ascii": False})


@cache_control(max_age=3600, public=True)
def issuer_key(request, thumbprint: str):
    jwk = next((k for k in keys.jwks()["keys"] if k["kid"].rstrip("/").endswith(thumbprint)), None)
    if jwk is None:
        raise Http404
    return JsonResponse(jwk)


@cache_control(max_age=3600, public=True)
def jwks(request):
    return JsonResponse(keys.jwks())


@cache_control(max_age=300, public=True)
def revocations(request):
    """1EdTech Revocation List of the credentials this issuer revoked (ids only: urn:uuid, no codes, no names)."""
    return JsonResponse(
        {
            "id": credentials.revocation_list_url(),
            "issuer": credentials.issuer_id(),
            "revokedCredentials": [
                {"id": f"urn:uuid:{uid}", "revoked": True} for uid in selectors.revoked_credential_uids()
            ],
        }
    )
