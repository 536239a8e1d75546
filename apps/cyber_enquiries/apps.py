from django.apps import AppConfig


class CyberEnquiriesConfig(AppConfig):
    name = "apps.cyber_enquiries"
    label = "cyber_enquiries"
    verbose_name = "Cyber Prevent enquiries and campaigns"

    def ready(self) -> None:
        from apps.accounts.selectors import is_cyber_user
        from apps.core import navigation
        from apps.cyber_enquiries.selectors import referral_origin
        from apps.referrals import registry as referrals_registry

        # The referral page says which enquiry a referral came from (referrals sits below).
        referrals_registry.register_referral_origin(referral_origin)
        navigation.register(
            navigation.NavItem(
                "Cyber enquiries",
                "cyber_enquiries:enquiry_list",
                "cyber_enquiries.view_cyberenquiry",
                order=31,
                when=is_cyber_user,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Cyber campaigns",
                "cyber_enquiries:campaign_list",
                "cyber_enquiries.view_campaignactivity",
                order=32,
                when=is_cyber_user,
            )
        )
