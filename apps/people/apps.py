from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from apps.core import access
        from apps.people.models import Person

        access.register_break_glass(Person)
