"""Keep the netwerkbalans measured whenever the groslijst changes, whatever the path."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sonestra.core.models import Persoon

from .models import Balansmeting


@receiver(post_save, sender=Persoon)
def meet_na_opslaan(sender, instance: Persoon, raw: bool = False, **kwargs) -> None:
    if not raw:
        Balansmeting.meet(instance.netwerk_id)


@receiver(post_delete, sender=Persoon)
def meet_na_verwijderen(sender, instance: Persoon, origin=None, **kwargs) -> None:
    # When the whole Netwerk is erased its measurements go with it; measure nothing then.
    if isinstance(origin, Persoon):
        Balansmeting.meet(instance.netwerk_id)
