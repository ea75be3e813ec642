"""The /api/v1/ router: each app contributes its routes from its own api module."""

from django.urls import include, path

urlpatterns = [
    path("auth/", include("people.api_auth")),
    path("", include("people.api_urls")),
    path("compliance/", include("compliance.api_urls")),
    path("development/", include("development.api_urls")),
    path("", include("competency_framework.api_urls")),
    path("", include("courses.api_urls")),
    path("", include("media.api_urls")),
    path("", include("media.tracking.api_urls")),
    path("", include("conferences.api_urls")),
    path("", include("enrollment.api_urls")),
    path("", include("compliance.api_training_urls")),
    path("certificates/", include("certificates.api_urls")),
    path("scholarships/", include("scholarships.api_urls")),
    path("assessments/", include("assessments.api_urls")),
    path("", include("lms.api_jobs")),
]
