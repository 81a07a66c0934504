"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def cirkel(request, **kwargs):  # PLACEHOLDER
    raise Http404


def ring(request, **kwargs):  # PLACEHOLDER
    raise Http404
