"""Media library pages: the recordings list (with transcript search), the resumable upload page, an asset's
page (processing progress polled by htmx, editing options, subtitles, chapters) and the permission-checked
file view that serves renditions, HLS playlists/segments, posters, thumbnails and subtitles.

Files are served only after `asset_visible_to` allowed the request. The decision is cached per (user, asset)
for MEDIA_ACL_CACHE_SECONDS (60 s), so the many segment requests of an HLS session cost one cache read each,
not a database round trip. With settings.MEDIA_ACCEL_REDIRECT (e.g. "/protected/") the response is an
X-Accel-Redirect for nginx, which then sends the bytes itself."""

import mimetypes
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lms.errors import ApplicationError
from media import selectors, services
from media.audiences import acl_cached, acl_remember, delegated_kinds
from media.models import SUBTITLE_LANGUAGES, Audience, VideoAsset
from media.permissions import audience_choices, can_manage_asset, can_upload
from media.probe import RECORDING_EXTENSIONS

CONTENT_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".vtt": "text/vtt",
                 ".m4a": "audio/mp4", ".mp4": "video/mp4", ".jpg": "image/jpeg"}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class AssetForm(forms.Form):
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=300, required=False)
    audience = forms.ChoiceField(label=_("Who may watch"), choices=Audience.choices)
    audience_course = forms.ModelChoiceField(label=_("Course (for “learners of a course”)"), queryset=None,
                                             required=False)
    trim_start = forms.FloatField(label=_("Cut from the start, seconds"), min_value=0, required=False)
    trim_end = forms.FloatField(label=_("Cut from the end, seconds"), min_value=0, required=False)
    title_card = forms.BooleanField(label=_("Add an intro title card (titles and speaker)"), required=False)

    def __init__(self, *args, asset=None, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import Course

        self.fields["audience_course"].queryset = Course.objects.order_by("code")
        current = asset.audience if asset is not None else None
        self.fields["audience"].choices = audience_choices(current)
        if current in delegated_kinds():  # decided by the owning app (conference recordings): read-only here
            self.fields["audience"].disabled = True
            self.fields["audience"].initial = current


class SubtitleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=SUBTITLE_LANGUAGES)
    file = forms.FileField(label=_("WebVTT or SRT file"))


class ChaptersForm(forms.Form):
    chapters = forms.CharField(label=_("Chapters, one per line: time and title (05:30 Introduction)"),
                               widget=forms.Textarea(attrs={"rows": 6}), required=False)


def _managed(request, pk) -> VideoAsset:
    asset = get_object_or_404(VideoAsset, pk=pk)
    if not can_manage_asset(request.user, asset):
        raise PermissionDenied
    return asset


@login_required
def asset_list(request):
    query = request.GET.get("q", "").strip()[:200]
    managing = can_upload(request.user)
    qs = selectors.assets_visible_to(request.user)  # the audience check first: search never widens it
    if query:
        qs = qs.filter(pk__in=selectors.transcript_search(query).values("pk"))
    return render(request, "frontend/media/list.html", {
        "assets": list(qs.select_related("uploaded_by")[:200]), "query": query, "can_upload": managing})


@login_required
def upload_page(request):
    if not can_upload(request.user):
        raise PermissionDenied
    return render(request, "frontend/media/upload.html", {
        "chunk_bytes": services.chunk_bytes(), "max_bytes": services.max_upload_bytes(),
        "audiences": audience_choices(), "accept": "video/*," + ",".join(f".{e}" for e in RECORDING_EXTENSIONS),
        "formats": "MP4, MOV, MKV, WebM, AVI, WMV, MPEG-TS, MPEG-PS (VOB), FLV, 3GP, OGV"})


@login_required
def asset_detail(request, pk: int):
    asset = get_object_or_404(VideoAsset.objects.select_related("audience_course"), pk=pk)
    if not selectors.asset_visible_to(request.user, asset):
        raise Http404
    manage = can_manage_asset(request.user, asset)
    initial = {f: getattr(asset, f) for f in ("title_kk", "title_ru", "title_en", "speaker", "audience",
                                              "audience_course", "trim_start", "trim_end", "title_card")}
    chapters_text = "\n".join(f"{_clock(c.start_seconds)} {c.title}" for c in asset.chapters.all())
    return render(request, "frontend/media/detail.html", {
        "asset": asset, "manage": manage, "sources": selectors.playback_sources(asset),
        "renditions": asset.renditions.all(), "subtitles": asset.subtitles.all(),
        "form": AssetForm(initial=initial, asset=asset), "subtitle_form": SubtitleForm(),
        "chapters_form": ChaptersForm(initial={"chapters": chapters_text}),
    })


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


@login_required
def asset_status(request, pk: int):
    """The htmx-polled progress fragment (polling stops once the asset is ready or failed)."""
    asset = get_object_or_404(VideoAsset, pk=pk)
    if not selectors.asset_visible_to(request.user, asset):
        raise Http404
    response = render(request, "frontend/media/_status.html", {"asset": asset})
    if getattr(request, "htmx", False) and asset.status == VideoAsset.Status.READY:
        response["HX-Refresh"] = "true"  # processing just finished: reload to show the player and outputs
    return response


def _form_error(request, exc: ApplicationError) -> None:
    messages.error(request, exc.message)


@login_required
@require_POST
def asset_edit(request, pk: int):
    asset = _managed(request, pk)
    form = AssetForm(request.POST, asset=asset)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("media:detail", pk=pk)
    fields = dict(form.cleaned_data)
    fields["trim_start"] = fields["trim_start"] or 0
    fields["trim_end"] = fields["trim_end"] or 0
    try:
        services.asset_update(asset=asset, actor=request.user, fields=fields)
        if request.POST.get("reprocess"):
            services.asset_queue_processing(asset=asset, actor=request.user)
            messages.success(request, _("Saved; processing again."))
        else:
            messages.success(request, _("Saved."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def asset_reprocess(request, pk: int):
    asset = _managed(request, pk)
    services.asset_queue_processing(asset=asset, actor=request.user)
    messages.success(request, _("Processing started."))
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def asset_delete(request, pk: int):
    asset = _managed(request, pk)
    try:
        services.asset_delete(asset=asset, actor=request.user)
    except ApplicationError as exc:
        _form_error(request, exc)
        return redirect("media:detail", pk=pk)
    messages.success(request, _("The recording was deleted."))
    return redirect("media:list")


@login_required
@require_POST
def subtitle_upload(request, pk: int):
    asset = _managed(request, pk)
    form = SubtitleForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.subtitle_upload(asset=asset, actor=request.user, language=form.cleaned_data["language"],
                                     raw=form.cleaned_data["file"].read(), filename=form.cleaned_data["file"].name)
            messages.success(request, _("Subtitles saved."))
        except ApplicationError as exc:
            _form_error(request, exc)
    else:
        messages.error(request, _("Choose a language and a subtitle file."))
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def subtitle_delete(request, pk: int, language: str):
    asset = _managed(request, pk)
    services.subtitle_delete(asset=asset, actor=request.user, language=language)
    messages.success(request, _("Subtitles removed."))
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def chapters_save(request, pk: int):
    asset = _managed(request, pk)
    try:
        chapters = services.parse_chapters(request.POST.get("chapters", ""))
        services.chapters_replace(asset=asset, actor=request.user, chapters=chapters)
        messages.success(request, _("Chapters saved."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("media:detail", pk=pk)


# ---- the permission-checked file view -----------------------------------------------------------------------

def _allowed(request, asset_id: int) -> VideoAsset | None:
    """The asset if the user may watch it, remembering a positive decision for a minute."""
    user = request.user
    if acl_cached(user, asset_id):  # media.audiences: an owning app's rule change drops these at once
        return VideoAsset.objects.filter(pk=asset_id).only("pk", "output_prefix").first()
    asset = VideoAsset.objects.filter(pk=asset_id).first()
    if asset is None or not selectors.asset_visible_to(user, asset):
        return None
    acl_remember(user, asset_id)
    return asset


def asset_file(request, pk: int, path: str):
    asset = _allowed(request, pk)
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
