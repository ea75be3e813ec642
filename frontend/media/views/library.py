"""Media library pages: the recordings list (with transcript search), the resumable upload page, an asset's
page (processing progress polled by htmx, editing options, subtitles, chapters). Thin: reads from
media.selectors, every write one media.services call through `call_service`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.media.forms import AssetForm, ChaptersForm, SubtitleForm
from frontend.service_calls import call_service
from media import selectors, services
from media.models import VideoAsset
from media.permissions import audience_choices, can_manage_asset, can_upload
from media.probe import RECORDING_EXTENSIONS


def _managed(request, pk) -> VideoAsset:
    asset = get_object_or_404(VideoAsset, pk=pk)
    if not can_manage_asset(request.user, asset):
        raise PermissionDenied
    return asset


def _visible(request, pk, *related) -> VideoAsset:
    asset = get_object_or_404(VideoAsset.objects.select_related(*related), pk=pk)
    if not selectors.asset_visible_to(request.user, asset):
        raise Http404
    return asset


@login_required
def asset_list(request):
    query = request.GET.get("q", "").strip()[:200]
    return render(request, "frontend/media/list.html", {
        "assets": list(selectors.library_search(request.user, query)[:200]), "query": query,
        "can_upload": can_upload(request.user)})


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
    asset = _visible(request, pk, "audience_course")
    chapters_text = "\n".join(f"{_clock(c.start_seconds)} {c.title}" for c in asset.chapters.all())
    return render(request, "frontend/media/detail.html", {
        "asset": asset, "manage": can_manage_asset(request.user, asset),
        "sources": selectors.playback_sources(asset),
        "renditions": asset.renditions.all(), "subtitles": asset.subtitles.all(),
        "form": AssetForm(initial=AssetForm.initial_from(asset), asset=asset), "subtitle_form": SubtitleForm(),
        "chapters_form": ChaptersForm(initial={"chapters": chapters_text}),
    })


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


@login_required
def asset_status(request, pk: int):
    """The htmx-polled progress fragment (polling stops once the asset is ready or failed)."""
    asset = _visible(request, pk)
    response = render(request, "frontend/media/_status.html", {"asset": asset})
    if getattr(request, "htmx", False) and asset.status == VideoAsset.Status.READY:
        response["HX-Refresh"] = "true"  # processing just finished: reload to show the player and outputs
    return response


@login_required
@require_POST
def asset_edit(request, pk: int):
    asset = _managed(request, pk)
    form = AssetForm(request.POST, asset=asset)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("media:detail", pk=pk)
    reprocess = bool(request.POST.get("reprocess"))

    def save():
        services.asset_update(asset=asset, actor=request.user, fields=form.service_fields())
        if reprocess:
            services.asset_queue_processing(asset=asset, actor=request.user)

    call_service(request, save, success=_("Saved; processing again.") if reprocess else _("Saved."))
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def asset_reprocess(request, pk: int):
    asset = _managed(request, pk)
    call_service(request, services.asset_queue_processing, success=_("Processing started."),
                 asset=asset, actor=request.user)
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def asset_delete(request, pk: int):
    asset = _managed(request, pk)
    if not call_service(request, services.asset_delete, success=_("The recording was deleted."),
                        asset=asset, actor=request.user).ok:
        return redirect("media:detail", pk=pk)
    return redirect("media:list")


@login_required
@require_POST
def subtitle_upload(request, pk: int):
    asset = _managed(request, pk)
    form = SubtitleForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        call_service(request, services.subtitle_upload, success=_("Subtitles saved."), asset=asset,
                     actor=request.user, language=form.cleaned_data["language"], raw=upload.read(),
                     filename=upload.name)
    else:
        messages.error(request, _("Choose a language and a subtitle file."))
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def subtitle_delete(request, pk: int, language: str):
    asset = _managed(request, pk)
    call_service(request, services.subtitle_delete, success=_("Subtitles removed."), asset=asset,
                 actor=request.user, language=language)
    return redirect("media:detail", pk=pk)


@login_required
@require_POST
def chapters_save(request, pk: int):
    asset = _managed(request, pk)

    def save():  # a line the parser refuses is shown like a refusal of the service
        chapters = services.parse_chapters(request.POST.get("chapters", ""))
        services.chapters_replace(asset=asset, actor=request.user, chapters=chapters)

    call_service(request, save, success=_("Chapters saved."))
    return redirect("media:detail", pk=pk)
