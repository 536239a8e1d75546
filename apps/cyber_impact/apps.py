from django.apps import AppConfig


class CyberImpactConfig(AppConfig):
    name = "apps.cyber_impact"
    label = "cyber_impact"
    verbose_name = "Cyber Prevent impact"
