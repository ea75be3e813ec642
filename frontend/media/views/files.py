"""The permission-checked file view that serves renditions, HLS playlists/segments, posters, thumbnails and
subtitles.

Files are served only after media.selectors.asset_for_file allowed the request (a "yes" is cached per
(user, asset) for MEDIA_ACL_CACHE_SECONDS, so the many segment requests of an HLS session cost one cache read
each). With settings.MEDIA_ACCEL_REDIRECT (e.g. "/protected/") the response is an X-Accel-Redirect for nginx,
which then sends the bytes itself."""

import mimetypes
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

from media import selectors

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".vtt": "text/vtt",
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def asset_file(request, pk: int, path: str):
    asset = selectors.asset_for_file(request.user, pk)
    if asset is None:
        raise Http404  # the same answer for "missing" and "not yours": no probing of ids
    name = selectors.storage_name_for(asset, path)
    if not name or not default_storage.exists(name):
        raise Http404
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        response = _file_response(request, name, content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Accept-Ranges"] = "bytes"
    return response


def _file_response(request, name: str, content_type: str):
    """FileResponse, with a single byte range when asked (browsers seek in MP4 with Range requests)."""
    size = default_storage.size(name)
    match = _RANGE.match(request.headers.get("Range", ""))
    if not match or not any(match.groups()):
        return FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    first, last = match.groups()
    start = int(first) if first else max(0, size - int(last))
    end = min(int(last), size - 1) if first and last else size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with default_storage.open(name, "rb") as fh:
        fh.seek(start)
        data = fh.read(min(end - start + 1, 16 * 1024 * 1024))
    response = HttpResponse(data, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{start + len(data) - 1}/{size}"
    return response
