from django.urls import path

from frontend import views_media as views

app_name = "media"
urlpatterns = [
    path("", views.asset_list, name="list"),
    path("upload/", views.upload_page, name="upload"),
    path("assets/<int:pk>/", views.asset_detail, name="detail"),
    path("assets/<int:pk>/status/", views.asset_status, name="status"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="edit"),
    path("assets/<int:pk>/process/", views.asset_reprocess, name="process"),
    path("assets/<int:pk>/delete/", views.asset_delete, name="delete"),
    path("assets/<int:pk>/subtitles/", views.subtitle_upload, name="subtitle-upload"),
    path("assets/<int:pk>/subtitles/<str:language>/delete/", views.subtitle_delete, name="subtitle-delete"),
    path("assets/<int:pk>/chapters/", views.chapters_save, name="chapters"),
    path("assets/<int:pk>/files/<path:path>", views.asset_file, name="file"),
]
