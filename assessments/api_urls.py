from django.urls import path

from assessments import api

urlpatterns = [
    path("banks/", api.BankListView.as_view(), name="api-assessments-banks"),
    path("banks/<str:code>/import/", api.BankImportView.as_view(), name="api-assessments-bank-import"),
    path("banks/<str:code>/export/", api.BankExportView.as_view(), name="api-assessments-bank-export"),
    path("quizzes/<int:pk>/", api.QuizView.as_view(), name="api-assessments-quiz"),
    path("quizzes/<int:pk>/attempts/", api.AttemptStartView.as_view(), name="api-assessments-attempt-start"),
    path("quizzes/<int:pk>/statistics/", api.StatisticsView.as_view(), name="api-assessments-statistics"),
    path("attempts/<int:pk>/", api.AttemptView.as_view(), name="api-assessments-attempt"),
    path(
        "attempts/<int:pk>/answers/<int:position>/", api.AnswerView.as_view(), name="api-assessments-answer"
    ),
    path("attempts/<int:pk>/submit/", api.SubmitView.as_view(), name="api-assessments-submit"),
    path("attempts/<int:pk>/override/", api.OverrideView.as_view(), name="api-assessments-override"),
    path("essays/", api.EssayQueueView.as_view(), name="api-assessments-essays"),
    path("essays/<int:pk>/grade/", api.EssayGradeView.as_view(), name="api-assessments-essay-grade"),
]
