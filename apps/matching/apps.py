from django.apps import AppConfig

from apps.people import registry as people_registry
from apps.referrals import registry as referrals_registry


class MatchingConfig(AppConfig):
    name = "apps.matching"
    label = "matching"
    verbose_name = "De-confliction and matching"

    def ready(self) -> None:
        from apps.matching.deconfliction import duplicate_candidates_for_person, likely_match_count
        from apps.matching.models import MatchDecision
        from apps.matching.search import name_query
        from apps.matching.services import person_match_index_refresh

        # People announces a change; the keys are recomputed in the same transaction.
        people_registry.on_person_changed(person_match_index_refresh)
        # A decision names the record it was made about: it stays with it on a merge.
        people_registry.register_person_link(
            MatchDecision, label="match_decisions", follows_merge=False
        )
        people_registry.register_person_records("duplicates", duplicate_candidates_for_person)
        # The referral page says at once whether the person may already be known.
        referrals_registry.register_likely_match_counter(likely_match_count)
        # Searches for people and referrals find names through the index's own name keys.
        people_registry.register_name_query(name_query)
