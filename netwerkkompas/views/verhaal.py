"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def verhaal(request, **kwargs):  # PLACEHOLDER
    raise Http404


def verhaal_schrijven(request, **kwargs):  # PLACEHOLDER
    raise Http404


def perspectief_schrijven(request, **kwargs):  # PLACEHOLDER
    raise Http404


def zichtbaarheid(request, **kwargs):  # PLACEHOLDER
    raise Http404
