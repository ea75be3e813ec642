from django.urls import reverse
from rest_framework import serializers

from certificates.models import Certificate


class CertificateListSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    course_type_name = serializers.CharField(read_only=True)
    provider = serializers.CharField(read_only=True)
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "course_type",
            "course_type_name",
            "hours",
            "provider",
            "started_on",
            "completed_on",
            "issued_on",
            "revoked",
        ]


class CertificateDetailSerializer(CertificateListSerializer):
    verification_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()

    class Meta(CertificateListSerializer.Meta):
        fields = CertificateListSerializer.Meta.fields + [
            "holder_name",
            "holder_name_en",
            "revoked_at",
            "revocation_reason",
            "verification_url",
            "pdf_url",
            "credential_url",
        ]

    def get_verification_url(self, obj) -> str:
        from certificates.credentials import verification_url

        return verification_url(obj)

    def get_pdf_url(self, obj) -> str:
        return reverse("certificates:pdf", args=[obj.pk])

    def get_credential_url(self, obj) -> str:
        return reverse("certificates:credential-jwt", args=[obj.pk])


class VerificationSerializer(serializers.Serializer):
    """Exactly the fields of the interface contract (issue 11): nothing else about the holder."""

    valid = serializers.BooleanField()
    revoked = serializers.BooleanField()
    holder = serializers.CharField()
    course = serializers.CharField()
    hours = serializers.IntegerField()
    issued_on = serializers.DateField()

    @staticmethod
    def from_certificate(certificate: Certificate) -> dict:
        return {
            "valid": not certificate.is_revoked,
            "revoked": certificate.is_revoked,
            "holder": certificate.holder_name,
            "course": certificate.title,
            "hours": certificate.hours,
            "issued_on": certificate.issued_on,
        }


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)
