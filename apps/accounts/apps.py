from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        # Login, logout and failed-login events come from Django's auth signals.
        from apps.accounts import signals  # noqa: F401
