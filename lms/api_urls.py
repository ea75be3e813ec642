"""The /api/v1/ router: each app contributes its routes from its own api module."""

from django.urls import include, path

urlpatterns = [
    path("", include("people.api_urls")),
]
