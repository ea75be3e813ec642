from django.urls import path

from courses import api

urlpatterns = [
    path("course-types/", api.CourseTypeListView.as_view(), name="api-course-type-list"),
    path("course-providers/", api.ProviderListView.as_view(), name="api-course-provider-list"),
    path("courses/", api.CatalogView.as_view(), name="api-course-list"),
    path("courses/<str:code>/", api.CourseDetailView.as_view(), name="api-course-detail"),
    path("courses/<str:code>/draft/", api.DraftView.as_view(), name="api-course-draft"),
    path("courses/<str:code>/draft/competencies/", api.DraftCompetenciesView.as_view(),
         name="api-course-draft-competencies"),
    path("courses/<str:code>/draft/modules/", api.DraftModulesView.as_view(), name="api-course-draft-modules"),
    path("courses/<str:code>/submit/", api.SubmitView.as_view(), name="api-course-submit"),
    path("courses/<str:code>/publish/", api.PublishView.as_view(), name="api-course-publish"),
    path("courses/<str:code>/return-to-draft/", api.ReturnToDraftView.as_view(), name="api-course-return"),
    path("courses/<str:code>/archive/", api.ArchiveView.as_view(), name="api-course-archive"),
    path("courses/<str:code>/new-draft/", api.NewDraftView.as_view(), name="api-course-new-draft"),
    path("courses/<str:code>/start/", api.StartView.as_view(), name="api-course-start"),
    path("course-modules/<int:pk>/", api.ModuleView.as_view(), name="api-course-module"),
    path("course-modules/<int:pk>/move/", api.ModuleMoveView.as_view(), name="api-course-module-move"),
    path("course-modules/<int:pk>/lessons/", api.ModuleLessonsView.as_view(), name="api-course-module-lessons"),
    path("course-lessons/<int:pk>/", api.LessonView.as_view(), name="api-course-lesson"),
    path("course-lessons/<int:pk>/move/", api.LessonMoveView.as_view(), name="api-course-lesson-move"),
    path("course-lessons/<int:pk>/open/", api.LessonOpenView.as_view(), name="api-course-lesson-open"),
    path("course-lessons/<int:pk>/complete/", api.LessonCompleteView.as_view(), name="api-course-lesson-complete"),
    path("my-learning/", api.MyLearningView.as_view(), name="api-my-learning"),
]
