import pytest

from people.models import Role
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory, user_with_role


@pytest.fixture
def tree(db):
    """ministry -> committee -> department, and an unrelated ministry; servants in each."""
    ministry = StateBodyFactory(code="MIN", name_en="Ministry of Finance")
    committee = StateBodyFactory(code="COM", parent=ministry, name_en="Revenue Committee")
    department = StateBodyFactory(code="DEP", parent=committee, name_en="Astana Department")
    other = StateBodyFactory(code="OTHER", name_en="Ministry of Health")
    c4 = PositionFactory(body=ministry, category_code="C-4", title_en="Chief expert")
    co3 = PositionFactory(body=committee, category_code="C-O-3", title_en="Head of division")
    corps_a = PositionFactory(body=department, corps="A", category_code="", title_en="Executive secretary")
    servants = {
        "ministry": [CivilServantFactory(position=c4) for _ in range(3)],
        "committee": [CivilServantFactory(position=co3) for _ in range(2)],
        "department": [CivilServantFactory(position=corps_a)],
        "other": [CivilServantFactory(position=PositionFactory(body=other, category_code="C-4"))
                  for _ in range(4)],
    }
    CivilServantFactory(position=co3, is_active=False)  # left service: never counted
    return {"ministry": ministry, "committee": committee, "department": department, "other": other,
            "servants": servants}


@pytest.fixture
def hr(tree):
    return user_with_role(Role.HR_OFFICER, body=tree["ministry"], first_name="Aigerim", last_name="HR")


@pytest.fixture
def client_for(client):
    def login(user):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        client.force_login(user)
        return client
    return login
