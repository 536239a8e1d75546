from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "apps.geography"
    label = "geography"
    verbose_name = "Geography"
