"""Shared data of the dashboard, export, reminder and API tests: a ministry M with a committee C under it (the HR
officer's subtree) and a ministry X outside it; servants whose three-year status as of AS_OF is known."""

from datetime import date

from compliance.models import Exemption, TrainingRecord
from people.models import Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    RegionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

AS_OF = date(2025, 6, 2)
TRANSLIT = {"Абаев": "Abayev", "Бекова": "Bekova", "Валиев": "Valiyev", "Галиев": "Galiyev", "Далиева": "Daliyeva",
            "Ерланов": "Yerlanov"}


def _servant(number, body, unit=None, *, last, category="C-4", corps="B", trained=None, exempt=False, user=None):
    position = PositionFactory(body=body, unit=unit, corps=corps, category_code=category if corps == "B" else "",
                               managerial=corps == "A")
    servant = CivilServantFactory(personnel_number=number, position=position, last_name_ru=last,
                                  last_name_en=TRANSLIT.get(last, last), first_name_en="Askhat", entered_service_on=date(2015, 1, 1),
                                  appointed_on=date(2015, 1, 1), user=user)
    if trained:
        TrainingRecord.objects.create(servant=servant, title=f"Курс {number}", course_type_id="advanced_training",
                                      hours=36, completed_on=trained, provider="АГУ")
    if exempt:
        Exemption.objects.create(servant=servant, reason="parental_leave", start_on=date(2025, 1, 1),
                                 end_on=date(2026, 1, 1))
    return servant


def build_world():
    """M (region R1) -> C (region R2); X (region R1) outside. Statuses as of AS_OF under three_year:
    M-OK compliant, M-SOON due soon (due 2025-09-01), M-LATE overdue, C-LATE overdue, C-EX exempt,
    X-LATE overdue (outside the HR scope)."""
    r1, r2 = RegionFactory(code="R1"), RegionFactory(code="R2")
    m = StateBodyFactory(code="M", region=r1, name_en="Ministry M")
    c = StateBodyFactory(code="C", parent=m, region=r2, name_en="Committee C")
    x = StateBodyFactory(code="X", region=r1, name_en="Ministry X")
    unit_m = StructuralUnitFactory(body=m, code="UM", name_en="Finance department")
    unit_c = StructuralUnitFactory(body=c, code="UC", name_en="Audit department")
    late_user = UserFactory(username="m.late", email="late@example.kz", preferred_language="kk")
    s = {
        "M-OK": _servant("M-OK", m, unit_m, last="Абаев", trained=date(2024, 3, 1)),
        "M-SOON": _servant("M-SOON", m, unit_m, last="Бекова", trained=date(2022, 9, 1), category="C-3"),
        "M-LATE": _servant("M-LATE", m, unit_m, last="Валиев", user=late_user),
        "C-LATE": _servant("C-LATE", c, unit_c, last="Галиев", category="C-O-3", trained=date(2021, 1, 10)),
        "C-EX": _servant("C-EX", c, unit_c, last="Далиева", category="C-O-3", exempt=True),
        "X-LATE": _servant("X-LATE", x, None, last="Ерланов"),
    }
    hr = user_with_role(Role.HR_OFFICER, body=m, username="hr.m", preferred_language="en",
                        email="hr@example.kz")
    return {"M": m, "C": c, "X": x, "R1": r1, "R2": r2, "UM": unit_m, "UC": unit_c, "hr": hr, **s}


def make_open_offering(**fields):
    """A contract-funded advanced-training run open for application today (the offerings part's helper)."""
    from tests.enrollment.test_offerings import make_offering

    return make_offering(start_in=10, **fields)
