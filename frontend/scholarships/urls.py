from django.urls import path

from frontend.scholarships import views

app_name = "scholarships"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/<slug:code>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/upload/", views.application_upload, name="upload"),
    path("applications/<int:pk>/submit/", views.application_submit, name="submit"),
    path("applications/<int:pk>/respond/", views.application_respond, name="respond"),
    path("applications/<int:pk>/documents/<slug:kind>.pdf", views.document, name="document"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/conflict/", views.review_conflict, name="conflict"),
    path("committee/", views.committee_calls, name="committee-calls"),
    path("committee/<slug:code>/", views.committee, name="committee"),
    path("committee/<slug:code>/assign/", views.committee_assign, name="assign"),
    path("committee/<slug:code>/run/", views.committee_run, name="run-create"),
    path("committee/<slug:code>/spend/", views.spend, name="spend"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/publish/", views.run_publish, name="publish"),
]
