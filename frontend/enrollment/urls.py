from django.urls import path

from frontend.enrollment import views

app_name = "enrollment"
urlpatterns = [
    path("", views.offering_list, name="offerings"),
    path("runs/<int:pk>/", views.offering_detail, name="offering"),
    path("runs/<int:pk>/apply/", views.apply, name="apply"),
    path("runs/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("runs/<int:pk>/manage/", views.manage, name="manage"),
    path("runs/<int:pk>/manage/attendance/", views.attendance, name="attendance"),
    path("runs/<int:pk>/edit/", views.run_edit, name="run-edit"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run-cancel"),
    path("manage/", views.runs, name="runs"),
    path("manage/new/", views.run_create, name="run-create"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("approvals/", views.approvals, name="approvals"),
    path("mine/", views.my_training, name="my-training"),
    path("mine/upload/", views.upload, name="upload"),
    path("records/", views.records, name="records"),
    path("records/<int:pk>/verify/", views.verify, name="verify"),
    path("records/<int:pk>/reject/", views.reject, name="reject"),
    path("records/<int:pk>/evidence/", views.evidence, name="evidence"),
]
