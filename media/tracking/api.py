"""Heartbeat endpoints: the player reports the ranges played since its last beat.

- POST /api/v1/media/videos/<id>/heartbeat/ (DRF): session (CSRF token in the X-CSRFToken header) or token
  authentication; for API clients.
- POST /api/v1/media/beacon/ (plain Django view, the player's hot path): authenticated only by a short-lived
  signed beacon token that the player page issues (user, video, duration and the audience decision made when
  the page was rendered). No cookies are sent, so the session, the user and the audience are never loaded.
  Under gunicorn (lms.wsgi) it is served by media.tracking.beacon_wsgi, in front of Django's middleware; this
  view serves it elsewhere (test client, runserver). Both call beacon_respond.
Both pass the body to the same function; every field is validated once, by services.heartbeat_record."""

import json

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.errors import ApplicationError, NotAllowed
from media.models import VideoAsset
from media.tracking import buffer, selectors, services
from media.tracking.tokens import (  # noqa: F401 - the token's names stay importable here (bench, tests)
    BEACON_MAX_AGE,
    BEACON_SALT,
    beacon_token_issue,
    beacon_token_read,
)
from people.models import User


class HeartbeatIn(serializers.Serializer):
    """The body (documentation only: services.heartbeat_record validates it)."""
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


def record_beat(*, user, asset: VideoAsset, body, duration: int | None = None) -> dict:
    """The part both endpoints share: body fields -> the service (which validates them all)."""
    if not isinstance(body, dict):
        raise ApplicationError("bad_body", _("The heartbeat must be a JSON object."))
    return services.heartbeat_record(user=user, asset=asset, ranges=body.get("ranges"),
                                     position=body.get("position"), rate=body.get("rate", 1.0),
                                     beat_id=body.get("beat_id", ""), duration=duration)


class HeartbeatView(APIView):
    @extend_schema(request=HeartbeatIn, responses=HeartbeatOut, summary="Report played ranges (watch tracking)")
    def post(self, request, pk: int):
        asset = get_object_or_404(VideoAsset, pk=pk)
        if not selectors.asset_visible_to(request.user, asset):
            raise NotAllowed()
        return Response(HeartbeatOut(record_beat(user=request.user, asset=asset, body=request.data)).data)


# ---- the beacon -------------------------------------------------------------------------------------------

def _beacon_subjects(claims: dict):
    """With the Redis buffer the service needs only the ids (beats of a viewer or video deleted meanwhile are
    dropped by the fold); the direct write feeds courses at once, so it gets the real rows."""
    if buffer.enabled():
        return User(pk=claims["u"]), VideoAsset(pk=claims["a"], duration_seconds=claims["d"] or None)
    user = User.objects.filter(pk=claims["u"], is_active=True).first()
    asset = VideoAsset.objects.filter(pk=claims["a"]).first()
    if user is None or asset is None:
        raise NotAllowed()
    return user, asset


def beacon_respond(raw: bytes) -> tuple[int, dict]:
    """The whole beacon for a raw body: (HTTP status, JSON payload). Shared by the Django view below and the
    lean WSGI path in front of Django (media.tracking.beacon_wsgi), so both answer alike."""
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    try:
        if not isinstance(body, dict):
            raise ApplicationError("bad_body", _("The heartbeat must be a JSON object."))
        claims = beacon_token_read(body.get("token"))
        if "asset" in body and body["asset"] != claims["a"]:
            raise NotAllowed(_("This beacon token is for another video."), code="bad_token")
        user, asset = _beacon_subjects(claims)
        result = record_beat(user=user, asset=asset, body=body, duration=claims["d"])
    except ApplicationError as exc:
        return exc.http_status, {"code": exc.code, "detail": str(exc.message), **exc.extra}
    return 200, result


@csrf_exempt  # authenticated by the signed token in the body only: no cookie is read, so no CSRF to forge
@require_POST
def beacon(request):
    status, payload = beacon_respond(request.body)
    return JsonResponse(payload, status=status)
