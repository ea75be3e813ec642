"""django-filter filter sets for the people API. They narrow querysets that selectors already scoped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from lms.models import AuditEntry
from people.models import CivilServant, Corps, StateBody


def _subtree_of(queryset, path_field: str, code: str):
    """Rows whose body lies in the subtree of the body with `code`; none when the code is unknown."""
    path = StateBody.objects.filter(code=code).values_list("path", flat=True).first()
    if path is None:
        return queryset.none()
    return queryset.filter(**{f"{path_field}__startswith": path})


class StateBodyFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label=_("parent body code"))
    region = django_filters.CharFilter(field_name="region__code", label=_("region code"))
    kind = django_filters.ChoiceFilter(choices=StateBody.Kind.choices)
    subtree_of = django_filters.CharFilter(method="filter_subtree", label=_("subtree of body code (inclusive)"))

    class Meta:
        model = StateBody
        fields = ["parent", "region", "kind", "subtree_of"]

    def filter_subtree(self, queryset, name, value):
        return _subtree_of(queryset, "path", value)


class CivilServantFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(method="filter_body", label=_("body code (with its subtree)"))
    corps = django_filters.ChoiceFilter(field_name="position__corps", choices=Corps.choices)
    category_code = django_filters.CharFilter(field_name="position__category_code")
    managerial = django_filters.BooleanFilter(field_name="position__managerial")
    first_time_entrant = django_filters.BooleanFilter()
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = CivilServant
        fields = ["body", "corps", "category_code", "managerial", "first_time_entrant", "is_active"]

    def filter_body(self, queryset, name, value):
        return _subtree_of(queryset, "body__path", value)


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter()
    object_type = django_filters.CharFilter()
    actor = django_filters.CharFilter(field_name="actor__username", label=_("actor username"))

    class Meta:
        model = AuditEntry
        fields = ["action", "object_type", "actor"]
