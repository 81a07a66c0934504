from django.contrib.auth import views as auth_views
from django.urls import include, path

from sonestra.core import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth.RateLimitedLoginView.as_view(), name="login"),
    path("uitloggen/", auth.logout, name="logout"),
    path("inloggen/link/<str:token>/", auth.login_link, name="login_link"),
    path("inloggen/link-aanvragen/", auth.login_link_aanvragen, name="login_link_aanvragen"),
    # The second step for staff, and logging out everywhere.
    path("", include("sonestra.core.auth_urls")),
    path(
        "account/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/wachtwoord/klaar/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sonestra.core.urls")),
    path("netwerken/<int:netwerk_id>/kompas/", include("netwerkkompas.urls")),
    path("netwerken/<int:netwerk_id>/beraad/", include("beraad.urls")),
    # An invitee's personal link to a beraad: short, for a text message.
    path("b/", include("beraad.antwoord_urls")),
    path("netwerken/<int:netwerk_id>/actieteam/", include("actieteam.urls")),
    path("", include("actieteam.public_urls")),
    path("netwerken/<int:netwerk_id>/privacy/", include("privacy.urls")),
]
