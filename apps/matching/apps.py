from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "apps.matching"
    label = "matching"
    verbose_name = "De-confliction and matching"
