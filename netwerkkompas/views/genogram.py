"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def genogram(request, **kwargs):  # PLACEHOLDER
    raise Http404


def relatie_nieuw(request, **kwargs):  # PLACEHOLDER
    raise Http404


def relatie_verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404
