"""The invitee's personal link: answer and calendar, no login needed (see views/uitnodigen.py)."""

from beraad.views.uitnodigen import antwoord_urlpatterns as urlpatterns  # noqa: F401
