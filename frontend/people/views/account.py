"""Account pages: sign-in, language and time-zone preferences (the user account lives in people)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from frontend.people.forms import LoginForm, TimeZoneForm
from people.auth import TooManyAttempts, authenticate_throttled
from people.services import user_set_preferences


def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = authenticate_throttled(request, username=form.cleaned_data["username"],
                                          password=form.cleaned_data["password"])
        except TooManyAttempts as exc:
            form.add_error(None, str(exc.message))
            status = exc.http_status
        else:
            if user is not None:
                login(request, user)
                return redirect(_safe_next(request, next_url))
            form.add_error(None, _("The username or password is not correct."))
    return render(request, "frontend/login.html", {"form": form, "next": next_url}, status=status)


def _safe_next(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return next_url
    return settings.LOGIN_REDIRECT_URL


@require_POST
def set_language(request):
    """Django's set_language (cookie + redirect to `next`), and remembered on the signed-in user."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_preferences(user=request.user, language=language)
    return django_set_language(request)


@login_required
def preferences(request):
    current = request.user.time_zone
    form = TimeZoneForm(request.POST or None, current=current, initial={"time_zone": current})
    if request.method == "POST" and form.is_valid():
        user_set_preferences(user=request.user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, _("Your time zone is saved."))
        return redirect("frontend:preferences")
    return render(request, "frontend/preferences.html", {"form": form}, status=400 if form.errors else 200)
