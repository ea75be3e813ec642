from datetime import date

import h5py
import numpy as np
import pytest
from django.core.management import call_command

from competency_framework.models import (
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from compliance.models import TrainingRecord
from media.tracking import services
from media.tracking.models import AnalyticsExport
from people.models import CivilServant, Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    UserFactory,
    user_with_role,
)
from tests.media_tracking.conftest import watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(video, clock):
    fw = Framework.objects.create(idnumber="FW", name_en="Framework", name_ru="Модель", is_primary=True)
    lv = {v: ScaleLevel.objects.create(framework=fw, value=v, name_en=f"L{v}") for v in range(1, 5)}
    lead = Competency.objects.create(framework=fw, idnumber="LEAD", name_ru="Лидерство", name_en="Leadership",
                                     sort_order=1)
    integ = Competency.objects.create(framework=fw, idnumber="INTEG", name_ru="Честность", name_en="Integrity",
                                      sort_order=2)
    profile = PositionProfile.objects.create(framework=fw, corps="B", name_en="Corps B")
    ProfileRequirement.objects.create(profile=profile, competency=lead, level=lv[3])
    ProfileRequirement.objects.create(profile=profile, competency=integ, level=lv[4])
    ministry = StateBodyFactory(code="MIN")
    akimat = StateBodyFactory(code="AKM")
    s1, s2 = (CivilServantFactory(position=PositionFactory(body=ministry)) for _ in range(2))
    s3 = CivilServantFactory(position=PositionFactory(body=akimat))
    for servant, comp, level in ((s1, lead, 2), (s1, integ, 4), (s2, lead, 3), (s3, integ, 1)):
        CompetencyAssessment.objects.create(servant=servant, competency=comp, level=lv[level], source="test",
                                            assessed_on=date(2025, 3, 1))
    CompetencyAssessment.objects.create(servant=s1, competency=lead, level=lv[1], source="self",
                                        assessed_on=date(2024, 1, 1))  # superseded
    for servant, kind, hours in ((s1, "advanced_training", 72), (s2, "advanced_training", 36), (s2, "seminar", 8),
                                 (s3, "retraining", 100)):
        TrainingRecord.objects.create(servant=servant, title=f"{kind} {hours}", course_type_id=kind, hours=hours,
                                      completed_on=date(2025, 5, 5))
    viewer = UserFactory()
    watch(viewer, video, clock, 0, 60)
    services.engagement_fold()
    return {"servants": (s1, s2, s3), "bodies": (ministry, akimat), "comps": (lead, integ)}


def _index(h5, name, key):
    values = [v.decode() if isinstance(v, bytes) else v for v in h5[name][...].tolist()]
    return values.index(key)


def test_export_full(data, tmp_path, video):
    out = tmp_path / "a.h5"
    call_command("export_analytics", str(out))
    s1, s2, s3 = data["servants"]
    with h5py.File(out, "r") as h5:
        for name in ("competency_levels/assessed", "competency_levels/required", "competency_levels/gap",
                     "competency_by_body/mean_gap", "compliance/status_by_month", "training/hours_by_body_and_type",
                     "engagement/viewers", "servants/id"):
            ds = h5[name]
            assert ds.attrs["units"] and list(ds.attrs["dimension_names"]), name
        h5.visititems(lambda name, obj: isinstance(obj, h5py.Dataset) and _check_attrs(name, obj))
        ids = h5["servants/id"][...].tolist()
        assert ids == sorted(CivilServant.objects.values_list("pk", flat=True))
        assert list(h5["competency_levels/gap"].attrs["dimension_names"]) == ["servant", "competency"]
        assert h5["competency_levels/gap"].attrs["units"] == "scale level"
        lead, integ = _index(h5, "competencies/code", "LEAD"), _index(h5, "competencies/code", "INTEG")
        assessed, required, gap = (h5[f"competency_levels/{k}"][...] for k in ("assessed", "required", "gap"))
        r1, r3 = ids.index(s1.pk), ids.index(s3.pk)
        assert assessed[r1, lead] == 2 and required[r1, lead] == 3 and gap[r1, lead] == 1  # latest, not self
        assert gap[r1, integ] == 0 and gap[r3, integ] == 3 and np.isnan(assessed[r3, lead])
        numbers = [v.decode() for v in h5["servants/personnel_number"][...]]
        assert numbers[r1] == s1.personnel_number

        bodies = [v.decode() for v in h5["bodies/code"][...]]
        ministry = bodies.index("MIN")
        types = [v.decode() for v in h5["training/course_type"][...]]
        hours = h5["training/hours_by_body_and_type"]
        assert list(hours.attrs["dimension_names"]) == ["body", "course_type"]
        assert hours.attrs["units"] == "academic hours"
        assert hours[ministry, types.index("advanced_training")] == 108
        assert hours[bodies.index("AKM"), types.index("retraining")] == 100
        below = h5["competency_by_body/count_below"][...]
        assert below[ministry, lead] == 1 and below[bodies.index("AKM"), integ] == 1

        comp = h5["compliance/status_by_month"]
        assert list(comp.attrs["dimension_names"]) == ["month", "rule", "status"]
        assert comp.shape[0] == 12 and comp.attrs["units"] == "servants"
        from django.utils import timezone

        from compliance import engine as compliance

        today = compliance.status_summary(CivilServant.objects.filter(is_active=True), timezone.localdate())
        rules = [v.decode() for v in h5["compliance/rule"][...]]
        statuses = [v.decode() for v in h5["compliance/status"][...]]
        for rule, counts in today.items():
            for status, n in counts.items():
                assert comp[-1, rules.index(rule), statuses.index(status)] == n

        vids = h5["engagement/video_id"][...].tolist()
        assert h5["engagement/viewers"][vids.index(video.pk)] == 1
        per_second = h5[f"engagement/per_second/{video.pk}"]
        assert per_second[0, :60].tolist() == [1] * 60 and per_second[0, 60] == 0


def _check_attrs(name, ds):
    assert "dimension_names" in ds.attrs and "units" in ds.attrs, name
    assert len(ds.attrs["dimension_names"]) == ds.ndim, name


def test_export_analyst_has_no_personal_data(data, tmp_path):
    out = tmp_path / "b.h5"
    call_command("export_analytics", str(out), "--variant", "analyst")
    secrets = set()
    for s in CivilServant.objects.all():
        secrets |= {s.personnel_number, s.iin, s.last_name_ru}
    found = []

    def scan(name, obj):
        assert not name.startswith(("servants", "competency_levels")), name
        if isinstance(obj, h5py.Dataset) and obj.dtype.kind in ("O", "S", "U"):
            for v in obj[...].ravel().tolist():
                text = v.decode() if isinstance(v, bytes) else str(v)
                found.extend(x for x in secrets if x in text)
        for value in obj.attrs.values():
            found.extend(x for x in secrets if x in str(value))

    with h5py.File(out, "r") as h5:
        h5.visititems(scan)
        assert h5.attrs["variant"] == "analyst"
        assert "competency_by_body/mean_gap" in h5 and "servants" not in h5
    assert found == []


def test_export_from_the_ui(client, data):
    analyst = user_with_role(Role.ANALYST, username="agency.analyst")
    client.force_login(analyst)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post("/watch/analytics/exports/").status_code == 302
    export = AnalyticsExport.objects.get(requested_by=analyst)
    assert export.variant == "analyst" and export.status == "done" and export.percent == 100
    row = client.get(f"/watch/analytics/exports/{export.pk}/")
    assert f'/watch/analytics/exports/{export.pk}/download/' in row.content.decode()
    download = client.get(f"/watch/analytics/exports/{export.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/x-hdf5"
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/watch/analytics/exports/{export.pk}/download/").status_code in (403, 404)
    admin = user_with_role(Role.ADMIN, username="root.admin")
    client.force_login(admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/watch/analytics/exports/")
    assert AnalyticsExport.objects.get(requested_by=admin).variant == "full"


def test_analyst_export_suppresses_small_cells(data, tmp_path, settings):
    """Finding 12 of issue 15: a (body, competency) cell of fewer than SMALL_CELL_THRESHOLD servants is hidden."""
    settings.SMALL_CELL_THRESHOLD = 1000
    out = tmp_path / "small.h5"
    call_command("export_analytics", str(out), "--variant", "analyst")
    with h5py.File(out, "r") as h5:
        counts = h5["competency_by_body/count_assessed"][...]
        means = h5["competency_by_body/mean_assessed"][...]
        assert (counts > 0).sum() == 0 and (counts == -1).any()
        assert all(v != v for v in means[counts == -1].ravel())  # NaN
        assert h5["competency_by_body/count_assessed"].attrs["suppressed_below"] == 1000
