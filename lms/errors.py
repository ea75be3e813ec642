"""One application error with stable machine codes, and the DRF handler that maps it to HTTP."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business-rule refusal. `code` is stable for clients; `message` is translated."""

    http_status = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message, *, extra: dict | None = None, http_status: int | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.extra = extra or {}
        if http_status is not None:
            self.http_status = http_status


class NotAllowed(ApplicationError):
    http_status = status.HTTP_403_FORBIDDEN

    def __init__(self, message=None, *, code: str = "forbidden"):
        super().__init__(code, message or _("You are not allowed to do this."))


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "detail": str(exc.message), **exc.extra}
        return Response(body, status=exc.http_status)
    if isinstance(exc, PermissionDenied):
        return Response({"code": "forbidden", "detail": str(_("You are not allowed to do this."))}, status=403)
    return exception_handler(exc, context)
