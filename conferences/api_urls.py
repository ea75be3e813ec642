from django.urls import path

from conferences import api

urlpatterns = [
    path("events/", api.EventListView.as_view(), name="api-event-list"),
    path("events/<slug:slug>/", api.EventDetailView.as_view(), name="api-event-detail"),
    path("events/<slug:slug>/sessions/", api.SessionCreateView.as_view(), name="api-event-sessions"),
    path("events/<slug:slug>/registration/", api.RegistrationView.as_view(), name="api-event-registration"),
    path("events/<slug:slug>/registrations/", api.EventRegistrationsView.as_view(), name="api-event-registrations"),
    path("events/<slug:slug>/participants.csv", api.ParticipantsExportView.as_view(), name="api-event-participants"),
    path("events/<slug:slug>/credit/", api.EventCreditView.as_view(), name="api-event-credit"),
    path("event-sessions/<uuid:uid>/", api.SessionDetailView.as_view(), name="api-session-detail"),
    path("event-sessions/<uuid:uid>/cancel/", api.SessionCancelView.as_view(), name="api-session-cancel"),
    path("event-sessions/<uuid:uid>/join/", api.SessionJoinView.as_view(), name="api-session-join"),
    path("event-sessions/<uuid:uid>/questions/", api.QuestionListView.as_view(), name="api-session-questions"),
    path("event-questions/<int:pk>/<str:action>/", api.QuestionActionView.as_view(), name="api-question-action"),
    path("event-registrations/mine/", api.MyRegistrationsView.as_view(), name="api-my-registrations"),
    path("event-registrations/<int:pk>/<str:decision>/", api.RegistrationDecisionView.as_view(),
         name="api-registration-decision"),
    path("conferences/bbb/recording-ready/", api.RecordingReadyView.as_view(), name="api-bbb-recording-ready"),
]
