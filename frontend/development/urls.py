from django.urls import path

from frontend.development import views

app_name = "development"
urlpatterns = [
    path("", views.my_plan, name="mine"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan-action"),
    path("plans/<int:pk>/items/<int:item_id>/delete/", views.item_delete, name="item-delete"),
    path("approvals/", views.approvals, name="approvals"),
    path("hr/", views.hr_plans, name="hr"),
    path("hr/export.<str:fmt>", views.hr_export, name="hr-export"),
    path("reserve/", views.reserve, name="reserve"),
    path("probation/", views.probation, name="probation"),
    path("probation/<int:pk>/", views.probation_plan, name="probation-plan"),
    path(
        "probation/<int:pk>/tasks/<int:task_id>/done/",
        views.probation_task_done,
        name="probation-task-done",
    ),
    path("probation/<int:pk>/<str:action>/", views.probation_action, name="probation-action"),
    path("probation/allowance.<str:fmt>", views.allowance_export, name="allowance-export"),
    path("adaptation/", views.adaptation, name="adaptation"),
    path("adaptation/<int:pk>/sign/", views.adaptation_sign, name="adaptation-sign"),
    path("adaptation/<int:pk>/tasks/", views.adaptation_task_add, name="adaptation-task-add"),
    path(
        "adaptation/<int:pk>/tasks/<int:task_id>/done/",
        views.adaptation_task_done,
        name="adaptation-task-done",
    ),
    path("evaluations/import/", views.evaluations_import_page, name="evaluations-import"),
]
