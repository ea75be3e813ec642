from django.urls import path

from media import api

urlpatterns = [
    path("media/uploads/", api.UploadStartView.as_view(), name="api-media-upload-start"),
    path("media/uploads/<uuid:pk>/", api.UploadChunkView.as_view(), name="api-media-upload"),
    path("media/uploads/<uuid:pk>/complete/", api.UploadCompleteView.as_view(), name="api-media-upload-complete"),
    path("media/assets/", api.AssetListView.as_view(), name="api-media-asset-list"),
    path("media/assets/<int:pk>/", api.AssetDetailView.as_view(), name="api-media-asset"),
    path("media/assets/<int:pk>/process/", api.AssetProcessView.as_view(), name="api-media-asset-process"),
    path("media/assets/<int:pk>/subtitles/", api.AssetSubtitlesView.as_view(), name="api-media-asset-subtitles"),
    path("media/assets/<int:pk>/chapters/", api.AssetChaptersView.as_view(), name="api-media-asset-chapters"),
]
