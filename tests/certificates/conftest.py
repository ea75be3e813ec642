from datetime import date

import pytest

from certificates import services
from people.models import Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    UserFactory,
    user_with_role,
)


def issue(holder, key="course:1", **over):
    data = dict(
        holder=holder,
        source_key=key,
        title_kk="Цифрлық үкімет",
        title_ru="Цифровое правительство",
        title_en="Digital government",
        course_type="advanced_training",
        hours=36,
        provider="Академия государственного управления",
        provider_kk="Мемлекеттік басқару академиясы",
        provider_en="Academy of Public Administration",
        started_on=date(2026, 11, 2),
        completed_on=date(2026, 11, 6),
    )
    data.update(over)
    return services.certificate_issue(**data)


@pytest.fixture
def ministry(db):
    return StateBodyFactory()


@pytest.fixture
def other_ministry(db):
    return StateBodyFactory()


@pytest.fixture
def learner(ministry):
    user = UserFactory(username="learner", email="learner@example.kz")
    CivilServantFactory(
        user=user,
        position=PositionFactory(body=ministry),
        last_name_ru="Жанибекова",
        first_name_ru="Айгерим",
        middle_name_ru="Маратовна",
        first_name_en="Aigerim",
        last_name_en="Zhanibekova",
    )
    return user


@pytest.fixture
def other_learner(ministry):
    user = UserFactory(username="other")
    CivilServantFactory(user=user, position=PositionFactory(body=ministry))
    return user


@pytest.fixture
def hr(ministry):
    return user_with_role(Role.HR_OFFICER, body=ministry)


@pytest.fixture
def hr_elsewhere(other_ministry):
    return user_with_role(Role.HR_OFFICER, body=other_ministry)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def certificate(learner):
    return issue(learner)
