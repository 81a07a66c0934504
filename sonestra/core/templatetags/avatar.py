"""`{% avatar persoon %}`: someone's photo, or their initials in a circle.

A tag rather than an included template: a groslijst or ondersteuningskaart of 150 people
draws 150 to 200 of them, and an include costs several times what this does.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def avatar(persoon) -> SafeString:
    if persoon is None:
        return format_html("")
    if persoon.foto:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="48" height="48">', persoon.foto_url()
        )
    return format_html(
        '<span class="avatar avatar-initialen" aria-hidden="true">{}</span>', persoon.initialen
    )
