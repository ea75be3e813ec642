"""The home page: the shell of the site, one section per role of the signed-in user (frontend.home)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from frontend.home import home_sections


@login_required
def home(request):
    return render(request, "frontend/home.html", {"sections": home_sections(request)})
