"""National aggregates for Agency analysts and administrators: counts only, never personal data."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lms.errors import NotAllowed
from people.models import CivilServant, Region
from people.permissions import actor_for


def headcount_by_region(*, user) -> list[dict]:
    """Active servants per region of their state body (one GROUP BY), largest first.
    Bodies without a region (central apparatus) form one row with region None."""
    if not actor_for(user).sees_national_figures:
        raise NotAllowed(_("National figures are available to analysts and administrators only."))
    rows = list(
        CivilServant.objects.filter(is_active=True)
        .values("body__region")
        .annotate(headcount=Count("pk"))
        .order_by("-headcount", "body__region")
    )
    regions = Region.objects.in_bulk([r["body__region"] for r in rows if r["body__region"] is not None])
    return [{"region": regions.get(r["body__region"]), "headcount": r["headcount"]} for r in rows]
