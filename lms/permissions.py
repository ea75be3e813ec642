"""Who may read the OpenAPI schema and the Swagger page (drf-spectacular's SERVE_PERMISSIONS)."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class ApiDocsAccess(BasePermission):
    """Everyone while API_DOCS_PUBLIC (development, tests); otherwise signed-in staff only (production default):
    the schema maps every endpoint and parameter, which is an attacker's reconnaissance for free."""

    def has_permission(self, request, view) -> bool:
        if getattr(settings, "API_DOCS_PUBLIC", True):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff)
