from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "apps.work"
    label = "work"
    verbose_name = "Work"

    def ready(self) -> None:
        from apps.work import registry
        from apps.work.services import task_reminders

        # Tasks due today and overdue are the first of the scheduled reminders.
        registry.register_reminders(task_reminders)
