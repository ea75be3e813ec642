"""Demo training data: the compliance mix as of the demo day, deterministic and idempotent."""

import pytest
from django.test import override_settings

from compliance.demo import SCALE_PROVIDER, seed_training_demo
from compliance.engine import status_summary
from compliance.models import Exemption, TrainingRecord
from people.demo import DEMO_TODAY, seed_demo
from people.models import CivilServant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seed_demo()  # people only: the other apps' demo steps are not needed here


def test_demo_mix_idempotent_and_scale(demo):
    created = seed_training_demo()
    assert created["training records"] > 3000 and created["exemptions"] > 50
    keys = sorted(TrainingRecord.objects.values_list("servant__personnel_number", "title", "completed_on"))
    assert seed_training_demo() == {"training records": 0, "exemptions": 0}
    assert sorted(TrainingRecord.objects.values_list("servant__personnel_number", "title", "completed_on")) == keys

    three = status_summary(CivilServant.objects.all(), DEMO_TODAY)["three_year"]
    total = sum(three.values())
    share = {status: n / total for status, n in three.items()}
    assert 0.63 <= share["compliant"] <= 0.77, share
    assert 0.11 <= share["due_soon"] <= 0.19, share
    assert 0.07 <= share["overdue"] <= 0.13, share
    assert 0.03 <= share["exempt"] <= 0.08, share
    assert all(e.start_on <= DEMO_TODAY <= e.end_on for e in Exemption.objects.all())
    assert TrainingRecord.objects.filter(course_type="retraining").exists()

    seed_training_demo(scale_records_per_servant=3)
    servants = CivilServant.objects.count()
    assert TrainingRecord.objects.filter(provider=SCALE_PROVIDER).count() == 3 * servants
    seed_training_demo(scale_records_per_servant=3)
    assert TrainingRecord.objects.filter(provider=SCALE_PROVIDER).count() == 3 * servants
