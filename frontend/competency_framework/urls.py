from django.urls import path

from frontend.competency_framework import views

app_name = "competency"
urlpatterns = [
    path("", views.framework_list, name="frameworks"),
    path("frameworks/<str:idnumber>/", views.framework_detail, name="framework"),
    path("frameworks/<str:idnumber>/export.csv", views.framework_export, name="export"),
    path("import/", views.framework_import, name="import"),
    path("mine/", views.my_competencies, name="mine"),
    path("heat-map/", views.heat_map, name="heat-map"),
    path("servants/<str:personnel_number>/", views.servant_gaps, name="servant"),
]
