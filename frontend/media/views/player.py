"""Player page (adaptive streaming, resume, speed, subtitles, chapters; audience-checked), a video's
engagement chart for its uploader, faculty and administrators (inline SVG rendered here), and the analytics
export page for administrators and Agency analysts. Thin: reads from media.tracking.selectors, writes through
media.tracking.services."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from frontend.service_calls import call_service
from media.models import VideoAsset
from media.tracking import selectors, services
from media.tracking.tokens import beacon_token_issue

SPEEDS = ("0.5", "0.75", "1", "1.25", "1.5", "2")
SUBTITLE_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
CHART_W, CHART_H, CHART_BUCKETS = 800, 240, 400
# "Save data" caps the HLS rung at this height: the 640x360 rung (365 kbit/s video + 64 kbit/s sound) and the
# 416x234 one remain; without any such rung the lowest one.
SAVE_DATA_MAX_HEIGHT = 360


def watch(request, pk: int):
    asset = get_object_or_404(VideoAsset, pk=pk)
    if not selectors.asset_visible_to(request.user, asset):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    context = player_context(request, asset)
    return render(request, "frontend/player/watch.html", {
        **context, "can_analyse": selectors.can_view_engagement(request.user, asset)})


def player_context(request, asset: VideoAsset, *, track: bool = True) -> dict:
    """What `frontend/player/_player.html` needs (the watch page and a course's video lesson embed it). The
    caller has checked `asset_visible_to`. With `track` (a signed-in viewer) the watch session starts here so
    that heartbeats count; a faculty preview passes track=False and records nothing."""
    sources = selectors.playback_sources(asset)
    tracked = track and request.user.is_authenticated
    if tracked:
        services.watch_session_start(user=request.user, asset=asset)
    lang = get_language() or "ru"
    subtitles = [{"lang": code, "url": url, "label": SUBTITLE_LABELS.get(code, code), "default": code == lang}
                 for code, url in sources.get("subtitles") or []]
    chapters = [{"title": title, "start": float(start), "label": _clock(start)}
                for title, start in sources.get("chapters") or []]
    resume = selectors.resume_position(request.user, asset) if tracked else 0
    return {
        "asset": asset, "sources": sources, "subtitles": subtitles, "chapters": chapters, "speeds": SPEEDS,
        "resume": resume, "tracked": tracked,
        "player_config": {"hls": sources.get("hls"), "resume": resume, "tracked": tracked,
                          "interval": getattr(settings, "MEDIA_HEARTBEAT_INTERVAL_SECONDS", 10),
                          "beacon": _beacon(request.user, asset) if tracked else None,
                          "save_data_max_height": SAVE_DATA_MAX_HEIGHT},
    }


def _beacon(user, asset: VideoAsset) -> dict:
    """The heartbeats' lean path: a signed token carrying the audience decision made above."""
    return {"url": reverse("media-beacon"), "token": beacon_token_issue(user=user, asset=asset), "asset": asset.pk}


def _clock(seconds) -> str:
    seconds = int(seconds or 0)
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def _chart(curves, viewers: int) -> dict:
    """Audience retention and re-watched share per bucket of seconds as SVG polyline points (percent of
    viewers), plus the most re-watched parts."""
    seconds = curves.shape[1]
    buckets = min(seconds, CHART_BUCKETS) or 1
    edges = [round(i * seconds / buckets) for i in range(buckets + 1)]
    base = max(viewers, 1)
    views = [curves[0, a:b].mean() * 100 / base if b > a else 0 for a, b in zip(edges, edges[1:], strict=False)]
    rewatch = [curves[1, a:b].mean() * 100 / base if b > a else 0 for a, b in zip(edges, edges[1:], strict=False)]

    def points(values):
        step = CHART_W / max(len(values) - 1, 1)
        return " ".join(f"{i * step:.1f},{CHART_H - v * CHART_H / 100:.1f}" for i, v in enumerate(values))

    top = sorted(range(len(rewatch)), key=lambda i: rewatch[i], reverse=True)[:5]
    hot = [{"from": _clock(edges[i]), "to": _clock(edges[i + 1]), "percent": round(rewatch[i], 1)}
           for i in sorted(top) if rewatch[i] > 0]
    ticks = [{"x": CHART_W * k / 4, "label": _clock(seconds * k / 4)} for k in range(5)]
    return {"views": points(views), "rewatch": points(rewatch), "width": CHART_W, "height": CHART_H,
            "hot": hot, "ticks": ticks, "seconds": seconds, "viewers": viewers,
            "end_percent": round(views[-1], 1) if views else 0}


@login_required
def engagement(request, pk: int):
    asset = get_object_or_404(VideoAsset, pk=pk)
    if not selectors.can_view_engagement(request.user, asset):
        raise PermissionDenied
    found = selectors.engagement_curves(asset)
    chart = _chart(found[0], int(found[1].get("viewers_total", 0))) if found else None
    return render(request, "frontend/player/analytics.html", {
        "asset": asset, "chart": chart, "updated_at": found[1].get("updated_at") if found else None})


@login_required
@require_http_methods(["GET", "POST"])
def exports(request):
    if not selectors.can_export_analytics(request.user):
        raise PermissionDenied
    if request.method == "POST":
        outcome = call_service(request, services.analytics_export_request, quiet=True, actor=request.user)
        if not outcome.ok:
            raise PermissionDenied(outcome.message)
        return redirect("player:exports")
    return render(request, "frontend/player/exports.html", {
        "exports": selectors.exports_visible_to(request.user)[:20],
        "variant": selectors.export_variant_for(request.user)})


@login_required
def export_status(request, pk: int):
    export = get_object_or_404(selectors.exports_visible_to(request.user), pk=pk)
    return render(request, "frontend/player/_export_row.html", {"export": export})


@login_required
def export_download(request, pk: int):
    export = get_object_or_404(selectors.exports_visible_to(request.user), pk=pk)
    if export.status != export.Status.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"apa-analytics-{export.pk}.h5",
                        content_type="application/x-hdf5")
