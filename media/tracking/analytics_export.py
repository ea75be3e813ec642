"""The analytics HDF5 file (`manage.py export_analytics FILE.h5`, and the UI download). docs/analytics.md lists
every dataset. Every dataset carries `dimension_names`, `units` and `description` attributes.

Written in chunks with bounded memory: servants are streamed in id order (`.iterator(chunk_size)`), their
required levels come from position profiles resolved once per kind of post, their latest assessments from one
set-based query per chunk; rows are written slice by slice. The analyst variant holds no personal data: the
servant-level datasets are replaced by aggregates by state body."""

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import h5py
import numpy as np
from django.conf import settings
from django.core.files import File
from django.db.models import Avg, Count
from django.utils import timezone

from competency_framework import selectors as cf
from compliance import rules as R
from compliance import selectors as compliance
from courses import selectors as courses
from media.models import VideoAsset
from media.tracking.hdf5 import engagement_path
from media.tracking.models import AnalyticsExport
from people.models import CivilServant, StateBody

CHUNK = 10_000
MONTHS = 12
STR = h5py.string_dtype()
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _attrs(ds, *, dims, units, description, **extra) -> None:
    ds.attrs["dimension_names"] = list(dims)
    ds.attrs["units"] = units
    ds.attrs["description"] = description
    for key, value in extra.items():
        ds.attrs[key] = value


def _labels(h5, name: str, values, *, description: str, units: str = "label"):
    ds = h5.create_dataset(name, data=np.array(list(values), dtype=object), dtype=STR)
    _attrs(ds, dims=(name.rsplit("/", 1)[-1],), units=units, description=description)
    return ds


def _matrix(h5, name: str, shape, dtype, *, dims, units, description, fill=None):
    chunks = tuple(max(1, min(s, c)) for s, c in zip(shape, (CHUNK, 64, 64), strict=False))
    ds = h5.create_dataset(name, shape=shape, dtype=dtype, chunks=chunks if all(shape) else None,
                           compression="gzip" if all(shape) else None, fillvalue=fill)
    _attrs(ds, dims=dims, units=units, description=description)
    return ds


# ---- bodies (shared index) ----------------------------------------------------------------------------------

def _bodies(h5) -> dict[int, int]:
    rows = list(StateBody.objects.order_by("path").values_list("pk", "code", "name_ru", "name_en"))
    ds = h5.create_dataset("bodies/id", data=np.array([r[0] for r in rows], dtype=np.int64))
    _attrs(ds, dims=("body",), units="identifier", description="State body primary key")
    _labels(h5, "bodies/code", [r[1] for r in rows], description="State body code")
    _labels(h5, "bodies/name_ru", [r[2] for r in rows], description="State body name (Russian)")
    _labels(h5, "bodies/name_en", [r[3] or r[2] for r in rows], description="State body name (English)")
    return {pk: i for i, (pk, *_rest) in enumerate(rows)}


# ---- competencies ---------------------------------------------------------------------------------------------

def _competencies(h5, *, full: bool, body_index: dict[int, int], progress: Progress) -> None:
    framework = cf.primary_framework()
    comps = cf.framework_competencies(framework)
    col = {c.pk: j for j, c in enumerate(comps)}
    _labels(h5, "competencies/code", [c.idnumber for c in comps], description="Competency idnumber")
    _labels(h5, "competencies/name_ru", [c.name_ru for c in comps], description="Competency name (Russian)")
    servants = CivilServant.objects.filter(is_active=True).order_by("pk")
    total = servants.count() if comps else 0
    n_c, n_b = len(comps), len(body_index)
    sums = {k: np.zeros((n_b, n_c), dtype=np.float64) for k in ("assessed", "required", "gap")}
    counts = {k: np.zeros((n_b, n_c), dtype=np.int64) for k in ("assessed", "required", "gap", "below")}
    if full:
        ids = _matrix(h5, "servants/id", (total,), np.int64, dims=("servant",), units="identifier",
                      description="Civil servant primary key (personal data: full variant only)")
        numbers = h5.create_dataset("servants/personnel_number", shape=(total,), dtype=STR)
        _attrs(numbers, dims=("servant",), units="identifier", description="Personnel number (personal data)")
        body_ds = _matrix(h5, "servants/body_index", (total,), np.int32, dims=("servant",), units="index",
                          description="Row of bodies/* the servant works in")
        level = {"dims": ("servant", "competency"), "units": "scale level"}
        mats = {k: _matrix(h5, f"competency_levels/{k}", (total, n_c), np.float32, fill=np.nan, **level,
                           description=d) for k, d in (
            ("assessed", "Latest assessed level (NaN: not assessed)"),
            ("required", "Level required by the servant's position profile (NaN: not required)"),
            ("gap", "required - assessed; positive = below the requirement (NaN: either unknown)"))}
    required_levels = cf.RequiredLevels(framework)
    pos_key = ("position__corps", "position__category_code", "position__managerial", "body__path")
    done = 0
    rows = servants.values_list("pk", "personnel_number", "body_id", *pos_key).iterator(chunk_size=CHUNK)
    while total and (chunk := [r for _, r in zip(range(CHUNK), rows, strict=False)]):
        required_levels.load({r[3:] for r in chunk})
        n = len(chunk)
        assessed = np.full((n, n_c), np.nan, dtype=np.float32)
        required = np.full((n, n_c), np.nan, dtype=np.float32)
        row_of = {r[0]: i for i, r in enumerate(chunk)}
        for i, r in enumerate(chunk):
            for cid, lv in required_levels.of(r[3:]).items():
                if cid in col:
                    required[i, col[cid]] = lv
        latest = cf.latest_assessments().filter(
            servant_id__gte=chunk[0][0], servant_id__lte=chunk[-1][0], competency__framework=framework,
            servant__is_active=True).values_list("servant_id", "competency_id", "level__value")
        for sid, cid, lv in latest.iterator(chunk_size=CHUNK):
            if sid in row_of and cid in col:
                assessed[row_of[sid], col[cid]] = lv
        gap = required - assessed
        body_rows = np.array([body_index[r[2]] for r in chunk], dtype=np.int32)
        for key, arr in (("assessed", assessed), ("required", required), ("gap", gap)):
            ok = ~np.isnan(arr)
            np.add.at(sums[key], body_rows, np.where(ok, arr, 0))
            np.add.at(counts[key], body_rows, ok.astype(np.int64))
        np.add.at(counts["below"], body_rows, (np.nan_to_num(gap, nan=0) > 0).astype(np.int64))
        if full:
            sl = slice(done, done + n)
            ids[sl] = [r[0] for r in chunk]
            numbers[sl] = [r[1] for r in chunk]
            body_ds[sl] = body_rows
            mats["assessed"][sl], mats["required"][sl], mats["gap"][sl] = assessed, required, gap
        done += n
        progress("competencies", done, total)
    _body_aggregates(h5, sums, counts, suppress=not full)


def _suppress_small_cells(sums, counts) -> int:
    """Analyst variant: a (body, competency) cell of fewer than SMALL_CELL_THRESHOLD servants would show
    individuals' levels: its means become NaN and its counts -1 (docs/security.md). Returns the threshold."""
    threshold = getattr(settings, "SMALL_CELL_THRESHOLD", 5)
    for key in ("assessed", "required", "gap"):
        small = (counts[key] > 0) & (counts[key] < threshold)
        sums[key] = np.where(small, np.nan, sums[key])
        counts[key] = np.where(small, -1, counts[key])
    small = (counts["below"] > 0) & (counts["below"] < threshold)
    counts["below"] = np.where(small, -1, counts["below"])
    return threshold


def _body_aggregates(h5, sums, counts, *, suppress: bool = False) -> None:
    dims = ("body", "competency")
    threshold = _suppress_small_cells(sums, counts) if suppress else 0
    with np.errstate(invalid="ignore", divide="ignore"):
        for key in ("assessed", "required", "gap"):
            mean = np.where(counts[key] > 0, sums[key] / np.maximum(counts[key], 1), np.nan).astype(np.float32)
            ds = h5.create_dataset(f"competency_by_body/mean_{key}", data=mean, compression="gzip")
            _attrs(ds, dims=dims, units="scale level", description=f"Mean {key} level over servants with a value "
                   "(NaN: none)")
    for key, description in (("assessed", "Servants with an assessment"),
                             ("required", "Servants whose profile requires the competency"),
                             ("gap", "Servants with both levels known"),
                             ("below", "Servants assessed below the required level")):
        ds = h5.create_dataset(f"competency_by_body/count_{key}", data=counts[key].astype(np.int32),
                               compression="gzip")
        _attrs(ds, dims=dims, units="servants", description=description + (
            f" (-1: fewer than {threshold}, suppressed)" if threshold else ""), suppressed_below=threshold)


# ---- compliance, training, engagement -------------------------------------------------------------------

def _month_ends(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    ends = []
    for _ in range(months):
        ends.append(first - timedelta(days=1))
        first = (first - timedelta(days=1)).replace(day=1)
    return [today, *ends][:months][::-1]


def _compliance(h5, progress: Progress) -> None:
    days = _month_ends(timezone.localdate(), MONTHS)
    data = np.zeros((len(days), len(R.RULES), len(R.STATUSES)), dtype=np.int32)
    for m, day in enumerate(days):
        summary = compliance.status_counts(as_of=day)
        for r, rule in enumerate(R.RULES):
            for s, status in enumerate(R.STATUSES):
                data[m, r, s] = summary.get(rule, {}).get(status, 0)
        progress("compliance", m + 1, len(days))
    _labels(h5, "compliance/month", [d.isoformat() for d in days], units="date (ISO 8601)",
            description="As-of day: the last day of each month, the last one is today")
    _labels(h5, "compliance/rule", R.RULES, description="Compliance rule code (docs/compliance.md)")
    _labels(h5, "compliance/status", R.STATUSES, description="Compliance status")
    ds = h5.create_dataset("compliance/status_by_month", data=data, compression="gzip")
    _attrs(ds, dims=("month", "rule", "status"), units="servants",
           description="Active servants per compliance status under each rule, as of each month's end")


def _training(h5, body_index: dict[int, int], progress: Progress) -> None:
    types = courses.course_type_codes()  # the one vocabulary, in its order
    hours = np.zeros((len(body_index), len(types)), dtype=np.int64)
    records = np.zeros_like(hours)
    col = {t: j for j, t in enumerate(types)}
    for body_id, course_type, h, n in compliance.training_totals_by_body_and_type().iterator(chunk_size=CHUNK):
        hours[body_index[body_id], col[course_type]] = h
        records[body_index[body_id], col[course_type]] = n
    _labels(h5, "training/course_type", types, description="Course type code (courses.CourseType)")
    for name, data, units, description in (
            ("hours_by_body_and_type", hours, "academic hours", "Sum of training hours of the body's servants"),
            ("records_by_body_and_type", records, "training records", "Number of completed trainings")):
        ds = h5.create_dataset(f"training/{name}", data=data, compression="gzip")
        _attrs(ds, dims=("body", "course_type"), units=units, description=description)
    progress("training", 1, 1)


def _engagement(h5, progress: Progress) -> None:
    rows = list(VideoAsset.objects.order_by("pk").annotate(
        viewers=Count("watch_progress"), mean_unique=Avg("watch_progress__unique_seconds"))
        .values_list("pk", "title_ru", "title_en", "duration_seconds", "viewers", "mean_unique"))
    ids = h5.create_dataset("engagement/video_id", data=np.array([r[0] for r in rows], dtype=np.int64))
    _attrs(ids, dims=("video",), units="identifier", description="Video asset primary key")
    _labels(h5, "engagement/title", [r[2] or r[1] or "" for r in rows], description="Video title")
    for name, values, units, description in (
            ("duration", [r[3] or 0 for r in rows], "s", "Duration of the video"),
            ("viewers", [r[4] for r in rows], "viewers", "Viewers who played any part of the video"),
            ("mean_unique_seconds", [float(r[5] or 0) for r in rows], "s", "Mean unique seconds watched")):
        ds = h5.create_dataset(f"engagement/{name}", data=np.array(values))
        _attrs(ds, dims=("video",), units=units, description=description)
    source = engagement_path()
    if source.exists():  # per-second curves, as folded by the periodic task
        with h5py.File(source, "r") as src:
            if "videos" in src:
                src.copy(src["videos"], h5, "engagement/per_second")
    progress("engagement", 1, 1)


def write_export(path: str | Path, *, variant: str = "full", progress: Progress | None = None) -> Path:
    """Write the analytics file; `variant` "analyst" leaves out every servant-level dataset."""
    progress = progress or (lambda stage, done, total: None)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as h5:
        h5.attrs["title"] = "APA LMS analytics export"
        h5.attrs["variant"] = variant
        h5.attrs["created_at"] = timezone.now().isoformat()
        h5.attrs["documentation"] = "docs/analytics.md"
        body_index = _bodies(h5)
        _competencies(h5, full=variant == "full", body_index=body_index, progress=progress)
        _compliance(h5, progress)
        _training(h5, body_index, progress)
        _engagement(h5, progress)
    return path


STAGE_WEIGHT = {"competencies": (0, 60), "compliance": (60, 85), "training": (85, 92), "engagement": (92, 99)}


def export_run(export_id: int) -> None:
    """Celery body: generate the file for an AnalyticsExport row, updating its percentage as it goes."""
    export = AnalyticsExport.objects.get(pk=export_id)
    if export.status == AnalyticsExport.Status.DONE:
        return  # safe to run twice
    AnalyticsExport.objects.filter(pk=export_id).update(status=AnalyticsExport.Status.RUNNING, percent=0)

    def progress(stage, done, total):
        lo, hi = STAGE_WEIGHT[stage]
        AnalyticsExport.objects.filter(pk=export_id).update(percent=lo + (hi - lo) * done // max(total, 1))

    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = write_export(Path(tmp) / "export.h5", variant=export.variant, progress=progress)
            with out.open("rb") as fh:
                export.file.save(f"analytics-{export.pk}-{export.variant}.h5", File(fh), save=False)
    except Exception as exc:
        AnalyticsExport.objects.filter(pk=export_id).update(status=AnalyticsExport.Status.FAILED, error=str(exc)[:500],
                                                            finished_at=timezone.now())
        raise
    AnalyticsExport.objects.filter(pk=export_id).update(status=AnalyticsExport.Status.DONE, percent=100,
                                                        file=export.file.name, finished_at=timezone.now())
