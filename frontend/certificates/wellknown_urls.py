"""/.well-known/: the public keys of the platform's credential-signing key (JWKS)."""

from django.urls import path

from frontend.certificates import views

urlpatterns = [path("jwks.json", views.jwks, name="jwks")]
