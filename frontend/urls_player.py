from django.urls import path

from frontend import views_player

app_name = "player"
urlpatterns = [
    path("<int:pk>/", views_player.watch, name="watch"),
    path("<int:pk>/analytics/", views_player.engagement, name="analytics"),
    path("analytics/exports/", views_player.exports, name="exports"),
    path("analytics/exports/<int:pk>/", views_player.export_status, name="export-status"),
    path("analytics/exports/<int:pk>/download/", views_player.export_download, name="export-download"),
]
