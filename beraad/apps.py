from django.apps import AppConfig


class BeraadConfig(AppConfig):
    name = "beraad"
