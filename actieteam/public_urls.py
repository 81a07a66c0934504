"""Addresses outside a Netwerk: a member's private calendar feed and the e-mail opt-out
(both by token, for programs and mail clients that do not log in), and the coordinator's
overview of the whole organisation."""

from .views import agenda, organisatie

urlpatterns = agenda.urlpatterns + organisatie.urlpatterns
