from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "apps.interventions"
    label = "interventions"
    verbose_name = "Support plans and interventions"

    def ready(self) -> None:
        from apps.cases import registry as case_registry
        from apps.core import navigation
        from apps.interventions import case_documents, letters
        from apps.interventions.selectors import allocation_counter
        from apps.interventions.timeline import support_stamps, support_timeline
        from apps.partners import registry as partners_registry

        # A provider's current allocations (partners sits below and may not import us).
        partners_registry.register_allocation_counter(allocation_counter)
        # The case summary, the letter to the family and the support calendar (documents).
        case_documents.register()
        # The Cyber Prevent cease-and-desist letter (documents).
        letters.register()
        case_registry.register_case_section(
            label="Support",
            url_name="interventions:case_support",
            capability="interventions.view_intervention",
            order=50,
        )
        case_registry.register_timeline_source(
            support_timeline, kinds={"support": "Support and consent"}, stamps=support_stamps
        )
        navigation.register(
            navigation.NavItem(
                "Interventions",
                "interventions:intervention_list",
                "interventions.view_intervention",
                order=48,
            )
        )
