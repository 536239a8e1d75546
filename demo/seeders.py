"""The demo's seeders, in the order seed_demo runs them.

Domain apps know nothing of the demo. Rather than each app registering a seeder from its
AppConfig.ready() (which made referrals import the demo command), the demo, the top layer,
lists them here: a new app's demo records are a module in demo/ and a line below.

Each seeder is a function (stdout, *, people: int) -> None. It must be idempotent (seed_demo
runs again on every `make demo`), and may rely on the records of the seeders before it.
"""

from demo.audit_alerts import seed_misuse_alerts
from demo.case_monitoring import seed_case_monitoring
from demo.case_support import seed_case_support
from demo.cases import seed_case_histories
from demo.cyber_enquiries import seed_cyber_enquiries
from demo.cyber_impact import seed_cyber_impact
from demo.cyber_interventions import seed_cyber_interventions
from demo.cyber_packages import seed_cyber_packages
from demo.partners import seed_partners
from demo.referrals import seed_referrals
from demo.routing import seed_routing_rules
from demo.users import seed_teams_and_users
from demo.work import seed_work

SEEDERS = [
    seed_teams_and_users,  # every later seeder acts as one of these users
    seed_routing_rules,  # Cyber Prevent referrals go to the Cyber Prevent team at intake
    seed_referrals,  # a year of referrals through de-confliction and the Gateway
    seed_work,  # open referrals allocated to officers, and tasks
    seed_misuse_alerts,  # staff access patterns for the data protection officer (audit)
    seed_partners,  # the partnership directory: schools (GIAS), providers, a year of sessions
    seed_case_histories,  # the cases those sign-offs opened, with their histories
    seed_case_support,  # assessments, support plans, consent, interventions, signposting
    seed_cyber_interventions,  # Cyber Prevent stepped interventions, checks and letters
    seed_case_monitoring,  # re-offending checks done and overdue; a case offered to another team
    seed_cyber_enquiries,  # a year of anonymous Cyber Prevent enquiries and campaigns
    seed_cyber_impact,  # Cyber Prevent interventions measured over a year, interviews
    seed_cyber_packages,  # an NCCU operation with two intelligence packages, subjects allocated
]
