from django.apps import AppConfig

from apps.core import registry


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Core's audit.record writes through this (ADR 0016: core imports no app).
        from apps.audit import checks  # noqa: F401 (registers the deployment checks)
        from apps.audit.writer import append, append_many
        from apps.core import navigation

        registry.provide(registry.AUDIT_APPEND, append)
        registry.provide(registry.AUDIT_APPEND_MANY, append_many)
        navigation.register(
            navigation.NavItem("Audit", "audit:event_list", "audit.search", order=40)
        )
        navigation.register(
            navigation.NavItem("Misuse alerts", "audit:alert_list", "audit.search_all", order=41)
        )
