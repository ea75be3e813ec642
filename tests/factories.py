"""factory_boy factories shared by every test module."""

import itertools
from datetime import date

import factory

from people import services
from people.models import (
    CivilServant,
    Corps,
    EmploymentRecord,
    PartnerParticipant,
    Position,
    Region,
    Role,
    StateBody,
    StructuralUnit,
    User,
)
from people.validators import iin_check_digit

_serial = itertools.count(1)


def make_iin(birth: date = date(1985, 3, 12), female: bool = False) -> str:
    """A valid IIN with a fresh serial number (skips serials without a valid check digit)."""
    century_sex = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (1 if female else 0)
    while True:
        head = f"{birth:%y%m%d}{century_sex}{next(_serial) % 10000:04d}"
        check = iin_check_digit(head)
        if check is not None:
            return head + str(check)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    kind = Region.Kind.OBLYS
    name_kk = factory.Sequence(lambda n: f"{n}-облыс")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class StateBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StateBody
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"BODY{n:04d}")
    parent = None
    kind = StateBody.Kind.MINISTRY
    name_kk = factory.Sequence(lambda n: f"{n} министрлігі")
    name_ru = factory.Sequence(lambda n: f"Министерство {n}")
    name_en = factory.Sequence(lambda n: f"Ministry {n}")

    @factory.post_generation
    def fix_path(obj, create, extracted, **kwargs):
        if create:
            services.body_fix_path(obj)


class StructuralUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructuralUnit

    body = factory.SubFactory(StateBodyFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name_kk = factory.Sequence(lambda n: f"{n} департаменті")
    name_ru = factory.Sequence(lambda n: f"Департамент {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    body = factory.SubFactory(StateBodyFactory)
    title_ru = factory.Sequence(lambda n: f"Главный эксперт {n}")
    title_kk = factory.Sequence(lambda n: f"Бас сарапшы {n}")
    title_en = factory.Sequence(lambda n: f"Chief expert {n}")
    corps = Corps.B
    category_code = "C-4"
    managerial = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "Demo-pass-2026")


class CivilServantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CivilServant
        skip_postgeneration_save = True

    personnel_number = factory.Sequence(lambda n: f"P{n:06d}")
    iin = factory.LazyFunction(make_iin)
    last_name_ru = factory.Sequence(lambda n: f"Ахметов{n}")
    first_name_ru = "Асхат"
    middle_name_ru = "Серикович"
    position = factory.SubFactory(PositionFactory)
    body = factory.LazyAttribute(lambda o: o.position.body)
    unit = factory.LazyAttribute(lambda o: o.position.unit)
    appointed_on = date(2023, 1, 10)
    entered_service_on = date(2015, 9, 1)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            EmploymentRecord.objects.create(servant=obj, position=obj.position, body=obj.body,
                                            started_on=obj.appointed_on)


def user_with_role(role: str, *, body: StateBody | None = None, unit: StructuralUnit | None = None, **kw) -> User:
    user = UserFactory(**kw)
    if role == Role.SERVANT:
        CivilServantFactory(user=user, **({"position": PositionFactory(body=body)} if body else {}))
    elif role == Role.PARTNER:
        PartnerParticipant.objects.create(user=user, country="KG", organisation="Civil Service Agency")
    else:
        services.role_assign(actor=None, user=user, role=role, body=body, unit=unit)
    return user
