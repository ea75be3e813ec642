from django.urls import path

from media.tracking.api import HeartbeatView

urlpatterns = [
    path("media/videos/<int:pk>/heartbeat/", HeartbeatView.as_view(), name="media-heartbeat"),
]
