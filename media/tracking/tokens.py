"""The beacon token: the player page (which has checked the video's audience) signs the viewer, the video and
its duration; the beacon endpoint trusts nothing else. Issued by pages, read by media.tracking.api."""

from django.core import signing
from django.utils.translation import gettext as _

from lms.errors import NotAllowed
from media.models import VideoAsset
from media.tracking import selectors

BEACON_SALT = "media.heartbeat"
BEACON_MAX_AGE = 6 * 3600  # a long lecture; after that the player falls back to the session endpoint


def beacon_token_issue(*, user, asset: VideoAsset) -> str:
    """For a player page already checked against the video's audience: binds viewer + video, expires."""
    return signing.dumps(
        {"u": user.pk, "a": asset.pk, "d": selectors.asset_duration(asset) or 0, "ok": 1},
        salt=BEACON_SALT,
        compress=False,
    )


def beacon_token_read(token) -> dict:
    """The token's claims, or NotAllowed (missing, tampered, expired, or not an audience grant)."""
    if not isinstance(token, str) or not token:
        raise NotAllowed(_("A valid beacon token is required."), code="bad_token")
    try:
        claims = signing.loads(token, salt=BEACON_SALT, max_age=BEACON_MAX_AGE)
    except signing.SignatureExpired:
        raise NotAllowed(_("The beacon token has expired: reload the page."), code="token_expired") from None
    except signing.BadSignature:
        raise NotAllowed(_("A valid beacon token is required."), code="bad_token") from None
    if not isinstance(claims, dict) or claims.get("ok") != 1:
        raise NotAllowed(_("A valid beacon token is required."), code="bad_token")
    return claims
