from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = "Documents and calendars"

    def ready(self) -> None:
        from apps.core import navigation

        navigation.register(
            navigation.NavItem(
                "Document templates",
                "documents:template_list",
                "documents.change_documenttemplate",
                order=92,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Calendar feed", "documents:calendar", "documents.generate_document", order=95
            )
        )
