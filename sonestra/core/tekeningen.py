"""SVG drawings rendered once per content, then served from the cache.

A netwerkcirkel of 150 people is some 2,000 template nodes: most of the page's time. The
drawing depends only on what it is drawn from (the people as drawn, the title, the kind of
links, the language), so the cache key is a hash of exactly that: a change to anyone in
it makes a new key, and nothing has to be invalidated. Each app server keeps its own
copies (the default local-memory cache) without any risk of showing an old drawing, since
a key never points at another content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# A day: an unchanged Netwerk is drawn again at most once a day per app server.
BEWAARTIJD = 24 * 60 * 60


def getekend(template: str, context: dict, inhoud: object) -> SafeString:
    """`template` rendered with `context`, from the cache when `inhoud` (everything the
    drawing depends on; its repr must say all of it) was drawn before in this language."""
    return bewaard(f"tekening:{template}", inhoud, lambda: render_to_string(template, context))


_PLEK = 987_654_321


def url_per_pk(naam: str, *args) -> Callable[[int], str]:
    """`reverse(naam, args=[*args, pk])` for many pks at the cost of one reverse: a list of
    150 people with a link each would otherwise spend most of its time in `{% url %}`."""
    patroon = reverse(naam, args=[*args, _PLEK])
    voor, na = patroon.split(str(_PLEK))
    return lambda pk: f"{voor}{int(pk)}{na}"


def bewaard(soort: str, inhoud: object, maak: Callable[[], object]) -> object:
    """`maak()`, from the cache when it was made from the same `inhoud` before: for a
    layout that takes longer than drawing it (the genogram's generations)."""
    vingerafdruk = hashlib.sha256(repr(inhoud).encode()).hexdigest()
    sleutel = f"{soort}:{get_language()}:{vingerafdruk}"
    uitkomst = cache.get(sleutel)
    if uitkomst is None:
        uitkomst = maak()
        cache.set(sleutel, uitkomst, BEWAARTIJD)
    return uitkomst
