from django.urls import path

from frontend.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("issued/", views.issued, name="issued"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/certificate.pdf", views.pdf, name="pdf"),
    path("<int:pk>/credential.jwt", views.credential_jwt, name="credential-jwt"),
    path("<int:pk>/credential.json", views.credential_json, name="credential-json"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/keys/<str:thumbprint>/", views.issuer_key, name="issuer-key"),
    path("revocations/", views.revocations, name="revocations"),
]
