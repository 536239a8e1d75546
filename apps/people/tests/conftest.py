from apps.people.tests.restriction_checks import (  # noqa: F401
    case_officer,
    named_supervisor,
    not_on_the_list,
)
