from django.urls import path

from . import views

app_name = "beraad"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
]
