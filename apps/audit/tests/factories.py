import factory
from django.utils import timezone

from apps.audit.choices import MisuseRule
from apps.audit.models import MisuseAlert


class MisuseAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MisuseAlert

    rule = MisuseRule.REPEATED_BREAK_GLASS
    summary = "Used break-glass access 3 times within 168 hours"
    raised_at = factory.LazyFunction(timezone.now)
    last_event_at = factory.LazyFunction(timezone.now)
