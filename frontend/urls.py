from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import views, views_staff

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only (Django 5)
    path("language/", views.set_language, name="set-language"),
    path("preferences/", views.preferences, name="preferences"),
    path("servants/", views_staff.servant_list, name="servants"),
    path("servants/<int:pk>/", views_staff.servant_detail, name="servant-detail"),
    path("import/", views_staff.personnel_import, name="import"),
    path("audit/", views_staff.audit_log, name="audit"),
]
