"""PLACEHOLDER: being built; every function here must be replaced."""

from django.http import Http404


def balans(request, **kwargs):  # PLACEHOLDER
    raise Http404


def momentopnamen(request, **kwargs):  # PLACEHOLDER
    raise Http404


def vergelijken(request, **kwargs):  # PLACEHOLDER
    raise Http404


def momentopname(request, **kwargs):  # PLACEHOLDER
    raise Http404


def momentopname_verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404
