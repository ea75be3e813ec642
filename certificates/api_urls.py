from django.urls import path

from certificates import api

urlpatterns = [
    path("", api.MyCertificatesView.as_view(), name="api-certificate-list"),
    path("<int:pk>/", api.CertificateDetailView.as_view(), name="api-certificate-detail"),
    path("<int:pk>/revoke/", api.CertificateRevokeView.as_view(), name="api-certificate-revoke"),
    path("verify/<str:code>/", api.VerifyView.as_view(), name="api-certificate-verify"),
]
