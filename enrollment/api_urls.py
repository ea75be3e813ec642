from django.urls import path

from enrollment import api

urlpatterns = [
    path("offerings/", api.OfferingListView.as_view(), name="api-offering-list"),
    path("offerings/managed/", api.ManagedOfferingListView.as_view(), name="api-offering-managed"),
    path("offerings/<int:pk>/", api.OfferingDetailView.as_view(), name="api-offering-detail"),
    path("offerings/<int:pk>/cancel/", api.OfferingCancelView.as_view(), name="api-offering-cancel"),
    path("applications/", api.ApplicationListView.as_view(), name="api-application-list"),
    path("applications/<int:pk>/", api.ApplicationDetailView.as_view(), name="api-application-detail"),
    path("applications/<int:pk>/withdraw/", api.ApplicationWithdrawView.as_view(), name="api-application-withdraw"),
    path("applications/<int:pk>/approve/", api.ApplicationApproveView.as_view(), name="api-application-approve"),
    path("applications/<int:pk>/reject/", api.ApplicationRejectView.as_view(), name="api-application-reject"),
    path("applications/<int:pk>/complete/", api.ApplicationCompleteView.as_view(), name="api-application-complete"),
]
