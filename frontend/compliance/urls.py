from django.urls import path

from frontend.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("nominate/<str:personnel_number>/", views.nominate, name="nominate"),
    path("national/", views.national, name="national"),
    path("mine/", views.mine, name="mine"),
]
