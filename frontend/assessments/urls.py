from django.urls import path

from frontend.assessments import views

app_name = "assessments"

urlpatterns = [
    path("banks/", views.bank_list, name="banks"),
    path("banks/<str:code>/export/", views.bank_export, name="bank-export"),
    path("banks/<str:code>/questions/", views.bank_questions, name="bank-questions"),
    path("banks/<str:code>/questions/new/", views.question_new, name="question-new"),
    path("banks/<str:code>/questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("essays/", views.essay_queue, name="essays"),
    path("essays/<int:pk>/", views.essay_grade, name="essay-grade"),
    path("<int:pk>/", views.quiz_detail, name="quiz"),
    path("<int:pk>/start/", views.attempt_start, name="start"),
    path("<int:pk>/statistics/", views.statistics, name="statistics"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<int:pk>/override/", views.attempt_override, name="override"),
    path("growth/<str:code>/", views.course_growth, name="growth"),
    path("lessons/<int:lesson_id>/settings/", views.quiz_settings, name="settings"),
]
