from django.urls import path

from media.tracking.api import HeartbeatView, beacon

urlpatterns = [
    path("media/videos/<int:pk>/heartbeat/", HeartbeatView.as_view(), name="media-heartbeat"),
    path("media/beacon/", beacon, name="media-beacon"),
]
