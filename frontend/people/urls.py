"""Account and staff pages. Included by frontend/urls.py without a namespace of their own, so their names
stay in the "frontend" namespace (frontend:login, frontend:servants...)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend.people.views import account, staff

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only (Django 5)
    path("language/", account.set_language, name="set-language"),
    path("preferences/", account.preferences, name="preferences"),
    path("servants/", staff.servant_list, name="servants"),
    path("servants/<int:pk>/", staff.servant_detail, name="servant-detail"),
    path("import/", staff.personnel_import, name="import"),
    path("audit/", staff.audit_log, name="audit"),
]
