from django.urls import path

from development import api

urlpatterns = [
    path("plans/", api.PlanListView.as_view(), name="development-plans"),
    path("plans/<int:pk>/", api.PlanDetailView.as_view(), name="development-plan"),
    path("plans/<int:pk>/submit/", api.SubmitView.as_view(), name="development-plan-submit"),
    path("plans/<int:pk>/approve/", api.ApproveView.as_view(), name="development-plan-approve"),
    path("plans/<int:pk>/return/", api.ReturnView.as_view(), name="development-plan-return"),
    path("plans/<int:pk>/confirm/", api.ConfirmView.as_view(), name="development-plan-confirm"),
    path("plans/<int:pk>/close/", api.CloseView.as_view(), name="development-plan-close"),
    path("plans/<int:pk>/items/", api.ItemsView.as_view(), name="development-plan-items"),
    path("plans/<int:pk>/items/<int:item_id>/", api.ItemView.as_view(), name="development-plan-item"),
    path("plans/<int:pk>/proposals/", api.ProposalsView.as_view(), name="development-plan-proposals"),
    path("approvals/", api.ApprovalsView.as_view(), name="development-approvals"),
    path("adaptation-plans/", api.AdaptationPlanListView.as_view(), name="development-adaptation-plans"),
    path(
        "adaptation-plans/<int:pk>/",
        api.AdaptationPlanDetailView.as_view(),
        name="development-adaptation-plan",
    ),
    path(
        "adaptation-plans/<int:pk>/sign/",
        api.AdaptationSignView.as_view(),
        name="development-adaptation-plan-sign",
    ),
    path(
        "adaptation-plans/<int:pk>/extend/",
        api.AdaptationExtendView.as_view(),
        name="development-adaptation-plan-extend",
    ),
    path(
        "adaptation-plans/<int:pk>/mentor/",
        api.AdaptationMentorView.as_view(),
        name="development-adaptation-plan-mentor",
    ),
    path(
        "adaptation-plans/<int:pk>/tasks/",
        api.AdaptationTasksView.as_view(),
        name="development-adaptation-plan-tasks",
    ),
    path(
        "adaptation-plans/<int:pk>/tasks/<int:task_id>/done/",
        api.AdaptationTaskDoneView.as_view(),
        name="development-adaptation-task-done",
    ),
]
