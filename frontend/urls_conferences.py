from django.urls import path

from frontend import views_conferences as views

app_name = "conferences"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.mine, name="mine"),
    path("mine/feed/rotate/", views.feed_rotate, name="feed-rotate"),
    path("new/", views.event_new, name="new"),
    path("signup/", views.signup_view, name="signup"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("sessions/<uuid:uid>.ics", views.session_ics, name="session-ics"),
    path("sessions/<uuid:uid>/join/", views.join, name="join"),
    path("sessions/<uuid:uid>/left/", views.left, name="left"),
    path("sessions/<uuid:uid>/questions/", views.question_ask, name="question-ask"),
    path("questions/<int:pk>/<str:action>/", views.question_action, name="question-action"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="event-ics"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/sessions/new/", views.manage_session, name="session-new"),
    path("<slug:slug>/manage/sessions/<uuid:uid>/", views.manage_session, name="session-edit"),
    path("<slug:slug>/manage/registrations/<int:pk>/<str:decision>/", views.manage_registration,
         name="registration-decide"),
    path("<slug:slug>/manage/export.csv", views.manage_export, name="export"),
    path("<slug:slug>/manage/credit/", views.manage_credit, name="credit"),
    path("<slug:slug>/manage/recordings/<int:pk>/", views.manage_recording, name="recording"),
    path("<slug:slug>/manage/recordings/add/", views.manage_recording_add, name="recording-add"),
]
