"""Partner sign-up under /events/signup/: the form, then the e-mail link that verifies it and signs in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from conferences import selectors, signup
from frontend.conferences.forms import PartnerSignupForm
from frontend.service_calls import call_service, show_error

SIGNUP_FIELDS = (
    "email",
    "password",
    "first_name",
    "last_name",
    "country",
    "organisation",
    "position_title",
    "language",
    "time_zone",
)


def signup_view(request):
    event = selectors.signup_event(request.GET.get("event", ""))
    form = PartnerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in SIGNUP_FIELDS}
        outcome = call_service(request, signup.partner_signup_start, quiet=True, event=event, **data)
        if outcome.ok:
            return render(
                request, "frontend/conferences/signup_sent.html", {"email": data["email"], "event": event}
            )
        _password_errors(request, form, outcome.error)
    return render(
        request,
        "frontend/conferences/signup.html",
        {"form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


def _password_errors(request, form, exc) -> None:
    """A weak password comes with Django's validator messages, each shown under the password field."""
    if exc.code == "weak_password":
        for message in exc.extra.get("fields", {}).get("password", []) or [str(exc.message)]:
            form.add_error("password", message)
    else:
        show_error(request, exc, form)


def verify(request, token):
    outcome = call_service(request, signup.partner_signup_verify, quiet=True, token=token)
    if not outcome.ok:
        return render(
            request, "frontend/conferences/signup_failed.html", {"message": outcome.message}, status=400
        )
    user, registration = outcome.value
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    messages.success(request, _("Your e-mail is confirmed. Welcome!"))
    if registration is not None:
        return redirect("conferences:detail", slug=registration.event.slug)
    return redirect("conferences:calendar")
