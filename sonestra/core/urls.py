from django.urls import path

from . import auth, views

app_name = "core"

urlpatterns = [
    path("netwerken/", views.mijn_netwerken, name="mijn_netwerken"),
    path("netwerken/nieuw/", views.netwerk_nieuw, name="netwerk_nieuw"),
    path("netwerken/<int:netwerk_id>/", views.netwerk, name="netwerk"),
    path("netwerken/<int:netwerk_id>/wijzigen/", views.netwerk_wijzigen, name="netwerk_wijzigen"),
    path(
        "netwerken/<int:netwerk_id>/archiveren/",
        views.netwerk_archiveren,
        name="netwerk_archiveren",
    ),
    path("netwerken/<int:netwerk_id>/uitnodigen/", views.uitnodigen, name="uitnodigen"),
    path(
        "netwerken/<int:netwerk_id>/uitnodigingen/<int:uitnodiging_id>/intrekken/",
        views.uitnodiging_intrekken,
        name="uitnodiging_intrekken",
    ),
    path(
        "netwerken/<int:netwerk_id>/uitnodigingen/<int:uitnodiging_id>/nieuwe-link/",
        views.uitnodiging_vernieuwen,
        name="uitnodiging_vernieuwen",
    ),
    path(
        "netwerken/<int:netwerk_id>/deelnames/<int:deelname_id>/inloglink/",
        views.inloglink_maken,
        name="inloglink_maken",
    ),
    path(
        "netwerken/<int:netwerk_id>/personen/<int:persoon_id>/foto/",
        views.persoon_foto,
        name="persoon_foto",
    ),
    path("account/", views.account, name="account"),
    # Short, so it fits a QR code and a text message.
    path("u/<str:token>/", auth.uitnodiging, name="uitnodiging"),
]
