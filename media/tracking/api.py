"""POST /api/v1/media/videos/<id>/heartbeat/: the player reports the ranges played since its last beat.
Session (CSRF token in the X-CSRFToken header) or token authentication."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.errors import NotAllowed
from media.models import VideoAsset
from media.tracking import selectors, services


class HeartbeatIn(serializers.Serializer):
    ranges = serializers.ListField(child=serializers.ListField(child=serializers.FloatField(), min_length=2,
                                                               max_length=2), max_length=services.MAX_RANGES)
    position = serializers.FloatField(min_value=0)
    rate = serializers.FloatField(default=1.0)
    beat_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class HeartbeatOut(serializers.Serializer):
    unique_seconds = serializers.IntegerField()
    share = serializers.FloatField()
    position = serializers.FloatField()
    duplicate = serializers.BooleanField()


class HeartbeatView(APIView):
    @extend_schema(request=HeartbeatIn, responses=HeartbeatOut, summary="Report played ranges (watch tracking)")
    def post(self, request, pk: int):
        asset = get_object_or_404(VideoAsset, pk=pk)
        if not selectors.asset_visible_to(request.user, asset):
            raise NotAllowed()
        data = HeartbeatIn(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.heartbeat_record(user=request.user, asset=asset, **data.validated_data)
        return Response(HeartbeatOut(result).data)
