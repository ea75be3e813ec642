from django.urls import path

from frontend.courses.views import authoring, learning, review

app_name = "courses"
urlpatterns = [
    path("", learning.catalog, name="catalog"),
    path("my-learning/", learning.my_learning, name="my-learning"),
    # Authoring (faculty, administrators)
    path("authoring/", authoring.my_courses, name="authoring"),
    path("authoring/new/", authoring.course_create, name="create"),
    path("authoring/modules/<int:pk>/", authoring.module_edit, name="module-edit"),
    path("authoring/modules/<int:pk>/delete/", authoring.module_delete, name="module-delete"),
    path("authoring/modules/<int:pk>/move/", authoring.module_move, name="module-move"),
    path("authoring/modules/<int:pk>/lessons/new/", authoring.lesson_create, name="lesson-create"),
    path("authoring/lessons/<int:pk>/", authoring.lesson_edit, name="lesson-edit"),
    path("authoring/lessons/<int:pk>/delete/", authoring.lesson_delete, name="lesson-delete"),
    path("authoring/lessons/<int:pk>/move/", authoring.lesson_move, name="lesson-move"),
    path("authoring/<str:code>/", authoring.course_edit, name="edit"),
    path("authoring/<str:code>/competencies/", authoring.course_competencies, name="competencies"),
    path("authoring/<str:code>/modules/new/", authoring.module_create, name="module-create"),
    path("authoring/<str:code>/submit/", authoring.course_submit, name="submit"),
    path("authoring/<str:code>/new-draft/", authoring.course_new_draft, name="new-draft"),
    path("authoring/<str:code>/preview/", authoring.preview, name="preview"),
    path("authoring/<str:code>/preview/<int:lesson_id>/", authoring.preview, name="preview-lesson"),
    # Review (administrators)
    path("review/", review.review_queue, name="review-queue"),
    path("review/<str:code>/", review.review, name="review"),
    path("review/<str:code>/decide/", review.review_decide, name="review-decide"),
    # Learner
    path("<str:code>/", learning.course_detail, name="detail"),
    path("<str:code>/start/", learning.course_start, name="start"),
    path("<str:code>/learn/", learning.learn, name="learn"),
    path("<str:code>/learn/<int:lesson_id>/", learning.lesson, name="lesson"),
    path("<str:code>/learn/<int:lesson_id>/complete/", learning.lesson_complete, name="complete"),
]
