"""REST API /api/v1/media/: resumable uploads (start, offset, PUT chunks with Content-Range, complete),
assets with their playback sources and processing status, subtitles and chapters. Thin views: reads from
media.selectors, writes through media.services."""

import re

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import BaseParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.errors import ApplicationError
from media import selectors, serializers, services
from media.models import UploadSession

_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


class RawChunkParser(BaseParser):
    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream else b""


class UploadStartView(APIView):
    @extend_schema(request=serializers.UploadStartSerializer, responses=serializers.UploadSessionSerializer)
    def post(self, request):
        data = serializers.UploadStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        session = services.upload_session_start(
            actor=request.user, filename=v["filename"], total_bytes=v["total_bytes"], speaker=v["speaker"],
            titles={k: v[k] for k in ("title_kk", "title_ru", "title_en")})
        return Response(serializers.UploadSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class UploadChunkView(APIView):
    parser_classes = [RawChunkParser, JSONParser]

    def _session(self, request, pk):
        session = UploadSession.objects.filter(pk=pk, uploader=request.user).first()
        if session is None:
            raise ApplicationError("not_found", _("Upload not found."), http_status=404)
        return session

    @extend_schema(responses=serializers.UploadSessionSerializer)
    def get(self, request, pk):
        """The received offset: a client resumes from here."""
        return Response(serializers.UploadSessionSerializer(self._session(request, pk)).data)

    @extend_schema(request={"application/octet-stream": bytes}, responses=serializers.UploadSessionSerializer)
    def put(self, request, pk):
        match = _RANGE.match(request.headers.get("Content-Range", ""))
        if not match:
            raise ApplicationError("bad_range", _("Send the chunk with a header Content-Range: bytes START-END/TOTAL."))
        start, end, total = (int(g) for g in match.groups())
        session = services.upload_chunk_write(session_id=pk, actor=request.user, start=start, end=end, total=total,
                                              data=request.body)
        return Response(serializers.UploadSessionSerializer(session).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        services.upload_session_abort(session_id=pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadCompleteView(APIView):
    @extend_schema(request=serializers.UploadCompleteSerializer, responses=serializers.AssetSerializer)
    def post(self, request, pk):
        data = serializers.UploadCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asset = services.upload_session_complete(session_id=pk, actor=request.user, options=dict(data.validated_data))
        asset.refresh_from_db()
        return Response(serializers.AssetSerializer(asset).data, status=status.HTTP_201_CREATED)


class AssetListView(generics.ListAPIView):
    serializer_class = serializers.AssetSerializer
    permission_classes = [AllowAny]
    search_fields = ["title_kk", "title_ru", "title_en", "transcript"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.assets_visible_to(self.request.user).prefetch_related("renditions", "subtitles", "chapters")


class AssetDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.AssetSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.assets_visible_to(self.request.user)


class AssetProcessView(APIView):
    @extend_schema(request=None, responses=serializers.AssetStatusSerializer)
    def post(self, request, pk):
        asset = get_object_or_404(selectors.assets_managed_by(request.user), pk=pk)
        services.asset_queue_processing(asset=asset, actor=request.user)
        asset.refresh_from_db()
        return Response(serializers.AssetStatusSerializer(asset).data, status=status.HTTP_202_ACCEPTED)


class AssetSubtitlesView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=serializers.SubtitleUploadSerializer, responses=serializers.AssetSerializer)
    def post(self, request, pk):
        asset = get_object_or_404(selectors.assets_managed_by(request.user), pk=pk)
        data = serializers.SubtitleUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        services.subtitle_upload(asset=asset, actor=request.user, language=data.validated_data["language"],
                                 raw=upload.read(), filename=upload.name)
        return Response(serializers.AssetSerializer(asset).data, status=status.HTTP_201_CREATED)


class AssetChaptersView(APIView):
    @extend_schema(request=serializers.ChapterSerializer(many=True), responses=serializers.ChapterSerializer(many=True))
    def put(self, request, pk):
        asset = get_object_or_404(selectors.assets_managed_by(request.user), pk=pk)
        data = serializers.ChapterSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        chapters = services.chapters_replace(asset=asset, actor=request.user,
                                             chapters=[(c["title"], c["start_seconds"]) for c in data.validated_data])
        return Response([{"title": c.display_title, "key": c.key, "start_seconds": c.start_seconds} for c in chapters])
