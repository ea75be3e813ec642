"""REST API /api/v1/certificates/: the holder's list, a certificate (own, or in an HR officer's scope), revoke
(HR in scope, admins), and the public verification by code (no authentication; rate-limited per IP)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import selectors, serializers, services
from certificates.ratelimit import verify_allowed


class MyCertificatesView(generics.ListAPIView):
    """The signed-in user's own certificates, newest first."""

    serializer_class = serializers.CertificateListSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.certificates_of(self.request.user)


class CertificateDetailView(APIView):
    @extend_schema(responses=serializers.CertificateDetailSerializer)
    def get(self, request, pk: int):
        certificate = get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)
        return Response(serializers.CertificateDetailSerializer(certificate).data)


class CertificateRevokeView(APIView):
    @extend_schema(request=serializers.RevokeSerializer, responses=serializers.CertificateDetailSerializer)
    def post(self, request, pk: int):
        certificate = get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)
        data = serializers.RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(
            certificate=certificate, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(serializers.CertificateDetailSerializer(certificate).data)


class VerifyView(APIView):
    """Public: is the certificate with this code valid? 404 for an unknown code."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=serializers.VerificationSerializer)
    def get(self, request, code: str):
        if not verify_allowed(request):
            return Response(
                {"code": "rate_limited", "detail": _("Too many lookups; try again in a minute.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        certificate = selectors.certificate_for_verification(code)
        if certificate is None:
            return Response(
                {"code": "not_found", "detail": _("No certificate has this code.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            serializers.VerificationSerializer(
                serializers.VerificationSerializer.from_certificate(certificate)
            ).data
        )
