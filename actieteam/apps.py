from django.apps import AppConfig


class ActieteamConfig(AppConfig):
    name = "actieteam"

    def ready(self) -> None:
        from beraad.signals import plan_vastgesteld

        from .team import eerste_versie

        def bij_vaststellen(sender, plan, user=None, **kwargs) -> None:
            """The plan of the beraad is version 1 of the Actieteam's plan."""
            eerste_versie(plan, user=user, naam=str(user) if user else "")

        plan_vastgesteld.connect(bij_vaststellen, dispatch_uid="actieteam.eerste_versie")
