from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic data and the commands that load it: the only place that generates records.

    The top layer: it drives the domain apps' services, and no domain app imports it.
    """

    name = "demo"
    label = "demo"
    verbose_name = "Demo and synthetic data"
