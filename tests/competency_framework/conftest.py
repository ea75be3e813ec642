import pytest

from competency_framework.models import Competency, Framework, ScaleLevel


@pytest.fixture
def framework(db):
    """A primary framework with a 4-level scale and competencies A..D."""
    fw = Framework.objects.create(idnumber="FW", name_en="Test framework", is_primary=True)
    for value in range(1, 5):
        ScaleLevel.objects.create(framework=fw, value=value, name_en=f"L{value}", is_default=value == 1,
                                  is_proficient=value >= 2)
    for order, code in enumerate("ABCD"):
        Competency.objects.create(framework=fw, idnumber=code, name_en=f"Competency {code}", sort_order=order)
    return fw


@pytest.fixture
def levels(framework):
    return {lv.value: lv for lv in framework.levels.all()}


@pytest.fixture
def comps(framework):
    return {c.idnumber: c for c in framework.competencies.all()}
