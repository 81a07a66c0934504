from django.apps import AppConfig


class ActieteamConfig(AppConfig):
    name = "actieteam"
