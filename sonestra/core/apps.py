from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sonestra.core"
    label = "core"
    verbose_name = _("Netwerken")

    def ready(self) -> None:
        from . import sessies  # noqa: F401  (connects the login and logout receivers)
