from django.urls import path

from frontend.media.views import files, library

app_name = "media"
urlpatterns = [
    path("", library.asset_list, name="list"),
    path("upload/", library.upload_page, name="upload"),
    path("assets/<int:pk>/", library.asset_detail, name="detail"),
    path("assets/<int:pk>/status/", library.asset_status, name="status"),
    path("assets/<int:pk>/edit/", library.asset_edit, name="edit"),
    path("assets/<int:pk>/process/", library.asset_reprocess, name="process"),
    path("assets/<int:pk>/delete/", library.asset_delete, name="delete"),
    path("assets/<int:pk>/subtitles/", library.subtitle_upload, name="subtitle-upload"),
    path("assets/<int:pk>/subtitles/<str:language>/delete/", library.subtitle_delete, name="subtitle-delete"),
    path("assets/<int:pk>/chapters/", library.chapters_save, name="chapters"),
    path("assets/<int:pk>/files/<path:path>", files.asset_file, name="file"),
]
