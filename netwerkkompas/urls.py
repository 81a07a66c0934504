from django.urls import path

from . import views

app_name = "netwerkkompas"

urlpatterns = [
    path("", views.personen, name="personen"),
    path("personen/<int:persoon_id>/", views.persoon, name="persoon"),
]
