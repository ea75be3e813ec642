from django.urls import path

from frontend.conferences.views import events, manage, signup

app_name = "conferences"
urlpatterns = [
    path("", events.calendar, name="calendar"),
    path("mine/", events.mine, name="mine"),
    path("mine/feed/rotate/", events.feed_rotate, name="feed-rotate"),
    path("new/", manage.event_new, name="new"),
    path("signup/", signup.signup_view, name="signup"),
    path("verify/<str:token>/", signup.verify, name="verify"),
    path("feed/<str:token>.ics", events.feed, name="feed"),
    path("sessions/<uuid:uid>.ics", events.session_ics, name="session-ics"),
    path("sessions/<uuid:uid>/join/", events.join, name="join"),
    path("sessions/<uuid:uid>/left/", events.left, name="left"),
    path("sessions/<uuid:uid>/questions/", events.question_ask, name="question-ask"),
    path("questions/<int:pk>/<str:action>/", events.question_action, name="question-action"),
    path("<slug:slug>/", events.detail, name="detail"),
    path("<slug:slug>/register/", events.register, name="register"),
    path("<slug:slug>/cancel/", events.cancel, name="cancel"),
    path("<slug:slug>/calendar.ics", events.event_ics, name="event-ics"),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/manage/sessions/new/", manage.manage_session, name="session-new"),
    path("<slug:slug>/manage/sessions/<uuid:uid>/", manage.manage_session, name="session-edit"),
    path("<slug:slug>/manage/registrations/<int:pk>/<str:decision>/", manage.manage_registration,
         name="registration-decide"),
    path("<slug:slug>/manage/export.csv", manage.manage_export, name="export"),
    path("<slug:slug>/manage/credit/", manage.manage_credit, name="credit"),
    path("<slug:slug>/manage/recordings/<int:pk>/", manage.manage_recording, name="recording"),
    path("<slug:slug>/manage/recordings/add/", manage.manage_recording_add, name="recording-add"),
]
