from django.apps import AppConfig


class NetwerkkompasConfig(AppConfig):
    name = "netwerkkompas"
