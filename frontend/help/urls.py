from django.urls import path

from frontend.help import views

app_name = "help"
urlpatterns = [path("<slug:slug>/", views.page, name="page")]
