"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def talenten(request, **kwargs):  # PLACEHOLDER
    raise Http404


def talent_verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404


def ondersteuning(request, **kwargs):  # PLACEHOLDER
    raise Http404


def rondje_positief(request, **kwargs):  # PLACEHOLDER
    raise Http404


def compliment_verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404
