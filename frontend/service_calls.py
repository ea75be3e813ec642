"""One way for a page to call a service: a refusal (`ApplicationError`) becomes a form error next to the field
the service names, or a page message; success may leave a message too.

    outcome = call_service(request, services.course_publish, form=form, success=_("Published."),
                           course=course, actor=request.user)
    if outcome.ok:
        return redirect(...)

Services are atomic, so a refused call has written nothing and the page can simply be shown again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages

from lms.errors import ApplicationError


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    error: ApplicationError | None = None

    @property
    def message(self) -> str:
        return str(self.error.message) if self.error else ""


def show_error(request, exc: ApplicationError, form=None) -> None:
    """Next to its field when the service names one the form has, else as a form-wide or page message."""
    field = exc.extra.get("field")
    if form is not None and field in form.fields:
        form.add_error(field, str(exc.message))
    elif form is not None:
        form.add_error(None, str(exc.message))
    else:
        messages.error(request, exc.message)


def call_service(request, service: Callable, *, form=None, success=None, quiet: bool = False, **kwargs) -> Outcome:
    """Run `service(**kwargs)`; on refusal show the error (unless `quiet`) and return a failed Outcome."""
    try:
        value = service(**kwargs)
    except ApplicationError as exc:
        if not quiet:
            show_error(request, exc, form)
        return Outcome(ok=False, error=exc)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=value)
