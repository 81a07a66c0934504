"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def buurtkaart(request, **kwargs):  # PLACEHOLDER
    raise Http404


def plek_nieuw(request, **kwargs):  # PLACEHOLDER
    raise Http404


def plek(request, **kwargs):  # PLACEHOLDER
    raise Http404


def plek_verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404
