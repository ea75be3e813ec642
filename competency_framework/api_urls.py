from django.urls import path

from competency_framework import api

urlpatterns = [
    path("competency-frameworks/", api.FrameworkListView.as_view(), name="api-framework-list"),
    path("competency-frameworks/import/", api.FrameworkImportView.as_view(), name="api-framework-import"),
    path("competency-frameworks/<str:idnumber>/", api.FrameworkDetailView.as_view(), name="api-framework-detail"),
    path("competency-frameworks/<str:idnumber>/export.csv", api.FrameworkExportView.as_view(),
         name="api-framework-export"),
    path("competencies/", api.CompetencyListView.as_view(), name="api-competency-list"),
    path("positions/<int:pk>/profile/", api.PositionProfileView.as_view(), name="api-position-profile"),
    path("servants/<str:personnel_number>/gaps/", api.ServantGapsView.as_view(), name="api-servant-gaps"),
    path("bodies/<str:code>/competency-gaps/", api.BodyGapMatrixView.as_view(), name="api-body-competency-gaps"),
]
