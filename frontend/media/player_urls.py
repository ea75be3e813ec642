"""The player and watch analytics, mounted at /watch/ under their own namespace ("player")."""

from django.urls import path

from frontend.media.views import player

app_name = "player"
urlpatterns = [
    path("<int:pk>/", player.watch, name="watch"),
    path("<int:pk>/analytics/", player.engagement, name="analytics"),
    path("analytics/exports/", player.exports, name="exports"),
    path("analytics/exports/<int:pk>/", player.export_status, name="export-status"),
    path("analytics/exports/<int:pk>/download/", player.export_download, name="export-download"),
]
