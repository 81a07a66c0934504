from django.apps import AppConfig


class NetwerkkompasConfig(AppConfig):
    name = "netwerkkompas"

    def ready(self) -> None:
        from . import signals  # noqa: F401
