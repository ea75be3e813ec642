from django.urls import path

from scholarships import api

urlpatterns = [
    path("calls/", api.CallListView.as_view(), name="api-sch-calls"),
    path("calls/<slug:code>/", api.CallDetailView.as_view(), name="api-sch-call"),
    path("calls/<slug:code>/assign-reviewers/", api.AssignReviewersView.as_view(), name="api-sch-assign"),
    path("calls/<slug:code>/runs/", api.RunListView.as_view(), name="api-sch-runs"),
    path("calls/<slug:code>/spend/", api.SpendView.as_view(), name="api-sch-spend"),
    path("applications/", api.ApplicationListView.as_view(), name="api-sch-applications"),
    path("applications/<int:pk>/", api.ApplicationDetailView.as_view(), name="api-sch-application"),
    path("applications/<int:pk>/documents/", api.DocumentUploadView.as_view(), name="api-sch-documents"),
    path("applications/<int:pk>/submit/", api.SubmitView.as_view(), name="api-sch-submit"),
    path("applications/<int:pk>/respond/", api.RespondView.as_view(), name="api-sch-respond"),
    path("applications/<int:pk>/explanation/", api.ExplanationView.as_view(), name="api-sch-explanation"),
    path("reviews/", api.ReviewListView.as_view(), name="api-sch-reviews"),
    path("reviews/<int:pk>/", api.ReviewSubmitView.as_view(), name="api-sch-review"),
    path("reviews/<int:pk>/conflict/", api.ConflictView.as_view(), name="api-sch-conflict"),
    path("runs/<int:pk>/", api.RunDetailView.as_view(), name="api-sch-run"),
    path("runs/<int:pk>/publish/", api.RunPublishView.as_view(), name="api-sch-publish"),
    path("runs/<int:pk>/<str:fmt>", api.RunExportView.as_view(), name="api-sch-export"),
]
