"""Included at /api/v1/compliance/ (lms.api_urls)."""

from django.urls import path

from compliance import api

urlpatterns = [
    path("summary/", api.SummaryView.as_view(), name="api-compliance-summary"),
    path("servants/", api.ServantListView.as_view(), name="api-compliance-servants"),
    path("trend/", api.TrendView.as_view(), name="api-compliance-trend"),
    path("export.csv", api.ExportCsvView.as_view(), name="api-compliance-export-csv"),
    path("export.xlsx", api.ExportXlsxView.as_view(), name="api-compliance-export-xlsx"),
    path("national/", api.NationalView.as_view(), name="api-compliance-national"),
    path("me/", api.MeView.as_view(), name="api-compliance-me"),
]
