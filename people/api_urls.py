from django.urls import path

from people import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("regions/", api.RegionListView.as_view(), name="api-region-list"),
    path("bodies/", api.BodyListView.as_view(), name="api-body-list"),
    path("bodies/<str:code>/", api.BodyDetailView.as_view(), name="api-body-detail"),
    path("bodies/<str:code>/headcount/", api.BodyHeadcountView.as_view(), name="api-body-headcount"),
    path("servants/", api.ServantListView.as_view(), name="api-servant-list"),
    path("servants/<str:personnel_number>/", api.ServantDetailView.as_view(), name="api-servant-detail"),
    path("audit/", api.AuditListView.as_view(), name="api-audit-list"),
    path("ekyzmet/imports/", api.EkyzmetImportView.as_view(), name="api-ekyzmet-import"),
]
