"""Import job pages (lms.import_jobs): /imports/<id>/ and its status fragment, polled by htmx."""

from django.urls import path

from frontend.imports import views

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/status/", views.job_status, name="job-status"),
]
