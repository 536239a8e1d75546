from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "apps.work"
    label = "work"
    verbose_name = "Work"

    def ready(self) -> None:
        from apps.core import navigation
        from apps.work import (
            registry,
            worklists,  # noqa: F401  (registers My work's task list)
        )
        from apps.work.services import task_reminders

        # Tasks due today and overdue are the first of the scheduled reminders.
        registry.register_reminders(task_reminders)
        navigation.register(
            navigation.NavItem("Tasks", "work:task_list", "work.view_task", order=42)
        )
        navigation.register(
            navigation.NavItem("My team", "work:team", "work.change_allocation", order=45)
        )
