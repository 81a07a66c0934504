from django.apps import AppConfig


class ActieteamConfig(AppConfig):
    name = "actieteam"

    def ready(self) -> None:
        from beraad.signals import plan_vastgesteld

        from .team import eerste_versie

        def bij_vaststellen(sender, plan, user=None, **kwargs) -> None:
            """The plan of the beraad is version 1 of the Actieteam's plan, under the name
            the one who closed it has in the groslijst (as later versions are)."""
            from sonestra.core.models import Deelname

            naam = ""
            if user is not None:
                deelname = (
                    Deelname.objects.actief()
                    .filter(netwerk_id=plan.netwerk_id, user=user)
                    .select_related("persoon")
                    .first()
                )
                persoon = deelname.persoon if deelname else None
                naam = persoon.naam if persoon else str(user)
            eerste_versie(plan, user=user, naam=naam)

        plan_vastgesteld.connect(bij_vaststellen, dispatch_uid="actieteam.eerste_versie")
