from django.urls import path

from frontend import views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
]
from django.contrib.auth import views as auth_views  # noqa: E402

urlpatterns += [path("login/", auth_views.LoginView.as_view(), name="login")]
