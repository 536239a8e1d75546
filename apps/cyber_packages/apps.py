from django.apps import AppConfig
from django.db.models import Q


def _subject_open() -> Q:
    return Q(closed_on__isnull=True)


def _subject_overdue(today) -> Q:
    return Q(closed_on__isnull=True, package__deadline__lt=today)


class CyberPackagesConfig(AppConfig):
    name = "apps.cyber_packages"
    label = "cyber_packages"
    verbose_name = "Cyber Prevent intelligence packages and operations"

    def ready(self) -> None:
        from apps.accounts.selectors import is_cyber_user
        from apps.core import navigation
        from apps.cyber_packages.models import IntelligencePackage, PackageSubject
        from apps.people import registry as people_registry
        from apps.work import registry as work_registry

        people_registry.register_person_link(PackageSubject, label="intelligence package subjects")
        # Subjects are allocated to officers by force area; a package is what the deadline's
        # task is about.
        work_registry.register_record_type(
            PackageSubject,
            label="subject",
            open_q=_subject_open,
            overdue_q=_subject_overdue,
        )
        work_registry.register_record_type(IntelligencePackage, label="package")
        navigation.register(
            navigation.NavItem(
                "Cyber packages",
                "cyber_packages:package_list",
                "cyber_packages.view_intelligencepackage",
                order=35,
                when=is_cyber_user,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Cyber operations",
                "cyber_packages:operation_list",
                "cyber_packages.view_operation",
                order=36,
                when=is_cyber_user,
            )
        )
