"""The home page: the shell of the site, one section per role of the signed-in user (frontend.home)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from frontend.home import home_sections


@login_required
def home(request):
    return render(request, "frontend/home.html", {"sections": home_sections(request)})


def favicon(request):
    """/favicon.ico, asked for by browsers and feed readers regardless of the page's link tag."""
    return redirect(static("frontend/favicon.ico"), permanent=False)
