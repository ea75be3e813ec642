from django.urls import include, path

from frontend import views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("frontend.people.urls")),  # account and staff pages, in this namespace
]
