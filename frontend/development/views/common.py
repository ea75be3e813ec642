"""Helpers shared by the development pages: the page size, the HR gate and the lookup of a civil servant of
the HR officer's subtree by personnel number."""

from django.core.exceptions import PermissionDenied

from development import permissions as perms
from development import selectors as sel

PAGE_SIZE = 25


def require_hr(request):
    if not perms.is_hr(request.user):
        raise PermissionDenied


def servant_in_scope(request, number: str):
    return sel.hr_servants(request.user).filter(personnel_number=(number or "").strip()).first()
