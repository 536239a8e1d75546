from django.apps import AppConfig

from apps.core import registry


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        # Login, logout and failed-login events come from Django's auth signals.
        from apps.accounts import signals  # noqa: F401
        from apps.accounts.selectors import break_glass_grants_active, notification_list_unread
        from apps.core import navigation

        # Core's access decision and audit writer read the grants through this (ADR 0016).
        registry.provide(registry.BREAK_GLASS_GRANTS, break_glass_grants_active)
        registry.register_home_context(
            lambda user: {"notifications": notification_list_unread(user=user)}
        )
        navigation.register(
            navigation.NavItem(
                "Break-glass access", "accounts:break_glass_list", "accounts.break_glass", order=50
            )
        )
        navigation.register(
            navigation.NavItem("Administration", "admin:index", "accounts.manage_users", order=90)
        )
