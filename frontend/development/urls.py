from django.urls import path

from frontend.development.views import adaptation, hr, plans

app_name = "development"
urlpatterns = [
    path("", plans.my_plan, name="mine"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:action>/", plans.plan_action, name="plan-action"),
    path("plans/<int:pk>/items/<int:item_id>/delete/", plans.item_delete, name="item-delete"),
    path("approvals/", plans.approvals, name="approvals"),
    path("hr/", hr.hr_plans, name="hr"),
    path("hr/export.<str:fmt>", hr.hr_export, name="hr-export"),
    path("reserve/", hr.reserve, name="reserve"),
    path("probation/", adaptation.probation, name="probation"),
    path("probation/<int:pk>/", adaptation.probation_plan, name="probation-plan"),
    path(
        "probation/<int:pk>/tasks/<int:task_id>/done/",
        adaptation.probation_task_done,
        name="probation-task-done",
    ),
    path("probation/<int:pk>/<str:action>/", adaptation.probation_action, name="probation-action"),
    path("probation/allowance.<str:fmt>", adaptation.allowance_export, name="allowance-export"),
    path("adaptation/", adaptation.adaptation, name="adaptation"),
    path("adaptation/<int:pk>/sign/", adaptation.adaptation_sign, name="adaptation-sign"),
    path("adaptation/<int:pk>/tasks/", adaptation.adaptation_task_add, name="adaptation-task-add"),
    path(
        "adaptation/<int:pk>/tasks/<int:task_id>/done/",
        adaptation.adaptation_task_done,
        name="adaptation-task-done",
    ),
    path("evaluations/import/", hr.evaluations_import_page, name="evaluations-import"),
]
