from django.urls import path

from . import views

app_name = "actieteam"

urlpatterns = [
    path("", views.team, name="team"),
]
