"""Serializers for the scholarships API: validate input and shape output, never write."""

from rest_framework import serializers

from scholarships.eligibility import ENGLISH_TESTS, rule_message
from scholarships.models import AllocationRun, Application, Call, DocumentKind, Programme, Review


class GrantProgrammeSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "code",
            "kind",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "seats",
            "grant_cost",
            "reserved",
            "country_cap",
        ]


class GrantCallSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    programmes = GrantProgrammeSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "code",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "budget",
            "currency",
            "eligible_countries",
            "opens_at",
            "applications_close_at",
            "review_close_at",
            "results_at",
            "acceptance_deadline",
            "programmes",
        ]


class EligibilityField(serializers.JSONField):
    def to_representation(self, value):
        return [{**f, "message": rule_message(f["rule"], f.get("params"))} for f in value or []]


class GrantApplicationSerializer(serializers.ModelSerializer):
    call = serializers.CharField(source="call.code", read_only=True)
    preferences = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    eligibility = EligibilityField(read_only=True)
    offer = serializers.CharField(source="offer.code", read_only=True, default=None)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "status",
            "full_name",
            "date_of_birth",
            "country",
            "email",
            "phone",
            "organisation",
            "position_title",
            "service_years",
            "english_test",
            "english_score",
            "essay",
            "preferences",
            "documents",
            "eligibility",
            "submitted_at",
            "final_score",
            "offer",
            "offer_round",
        ]
        read_only_fields = ["id", "status", "country", "submitted_at", "final_score", "offer_round"]

    def get_preferences(self, obj) -> list[str]:
        return [p.programme.code for p in obj.preferences.all()]

    def get_documents(self, obj) -> list[dict]:
        return [{"kind": d.kind, "size": d.size, "sha256": d.sha256} for d in obj.documents.all()]


class GrantApplicationListSerializer(serializers.ModelSerializer):
    call = serializers.CharField(source="call.code", read_only=True)
    offer = serializers.CharField(source="offer.code", read_only=True, default=None)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "status",
            "full_name",
            "country",
            "organisation",
            "submitted_at",
            "final_score",
            "offer",
        ]


class GrantApplicationWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=300, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=300, required=False)
    position_title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    service_years = serializers.IntegerField(min_value=0, max_value=60, required=False)
    english_test = serializers.ChoiceField(choices=ENGLISH_TESTS, required=False)
    english_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, max_value=200, required=False, allow_null=True
    )
    essay = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    preferences = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=3, required=False
    )


class GrantCreateSerializer(serializers.Serializer):
    call = serializers.SlugField(max_length=40)


class GrantDocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class GrantRespondSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline"])


class GrantReviewSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)
    call = serializers.CharField(source="application.call.code", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "application",
            "call",
            "state",
            "is_third",
            "scores",
            "total",
            "comment",
            "assigned_at",
            "submitted_at",
        ]


class GrantReviewWriteSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class GrantConflictSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class GrantRunSerializer(serializers.ModelSerializer):
    call = serializers.CharField(source="call.code", read_only=True)
    ran_by = serializers.CharField(source="ran_by.username", read_only=True)

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "call",
            "round",
            "input_hash",
            "parameters",
            "summary",
            "ran_by",
            "ran_at",
            "published_at",
        ]


class GrantExplanationSerializer(serializers.Serializer):
    headline = serializers.CharField()
    programme = serializers.CharField(allow_null=True)
    score = serializers.CharField()
    above = serializers.ListField(child=serializers.DictField())
