"""Calendar days in Kazakhstan (UTC+5 since 1 March 2024), whatever the server's zone."""

import zoneinfo
from datetime import date

from django.conf import settings
from django.utils import timezone


def today_almaty() -> date:
    """Windows, run starts and completion dates are calendar days in Kazakhstan."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE or "Asia/Almaty"))
