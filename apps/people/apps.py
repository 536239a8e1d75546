from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from apps.core import access, navigation
        from apps.people.models import Person

        access.register_break_glass(Person)
        navigation.register(
            navigation.NavItem("People", "people:person_list", "people.view_person", order=20)
        )
