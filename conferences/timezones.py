"""Wall-clock <-> UTC conversions in IANA zones, strict about daylight-saving gaps.

Stored instants are UTC; an organiser types the event's local wall-clock time. A wall time inside a DST gap
(e.g. 02:30 on the spring-forward night in Europe/Berlin) does not exist and is refused; a repeated wall
time (autumn fall-back) takes its first occurrence (fold=0), as calendar applications do."""

import zoneinfo
from datetime import UTC, datetime

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.errors import ApplicationError


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_to_utc(wall: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in `zone_name` -> aware UTC. Raises ApplicationError for non-existent times."""
    if wall.tzinfo is not None:
        return wall.astimezone(UTC)
    tz = zoneinfo.ZoneInfo(zone_name)
    aware = wall.replace(tzinfo=tz)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != wall:  # the round trip moved: the time fell in a DST gap
        raise ApplicationError("nonexistent_time", _(
            "%(time)s does not exist in %(zone)s (the clocks move forward then). Choose another time.")
            % {"time": date_format(wall, "DATETIME_FORMAT"), "zone": zone_name})
    return utc


def in_zone(instant: datetime, zone_name: str | None) -> datetime:
    return instant.astimezone(zone(zone_name))


def offset_label(instant: datetime, zone_name: str | None) -> str:
    """'UTC+04:30' for the offset in force at that instant (DST-aware)."""
    offset = in_zone(instant, zone_name).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_local(instant: datetime, zone_name: str | None, *, with_date: bool = True) -> str:
    """'20 May 2026, 15:00' in the active language; 24-hour clock, unambiguous across the Hub's countries."""
    from django.utils.formats import date_format

    local = in_zone(instant, zone_name)
    return f"{date_format(local, 'DATE_FORMAT')}, {local:%H:%M}" if with_date else f"{local:%H:%M}"
