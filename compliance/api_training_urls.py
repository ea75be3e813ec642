"""Included at /api/v1/ (lms.api_urls): the training-record endpoints, paths unchanged from when enrollment
served them."""

from django.urls import path

from compliance import api

urlpatterns = [
    path("training/mine/", api.MyTrainingView.as_view(), name="api-training-mine"),
    path("training/external/", api.ExternalUploadView.as_view(), name="api-training-external"),
    path("training/records/", api.TrainingRecordsView.as_view(), name="api-training-records"),
    path(
        "training/records/<int:pk>/verify/",
        api.TrainingRecordVerifyView.as_view(),
        name="api-training-verify",
    ),
    path(
        "training/records/<int:pk>/reject/",
        api.TrainingRecordRejectView.as_view(),
        name="api-training-reject",
    ),
]
