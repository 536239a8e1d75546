"""Roles and the capabilities they start with. Used by migrations; admins may edit afterwards.

Each later app's migration adds its record capabilities with `grant`.
"""

ROLES = [
    (
        "gateway_officer",
        "Gateway officer",
        "Receives, records, de-conflicts and assesses referrals.",
    ),
    ("prevent_officer", "Prevent officer", "Manages police-led partnership and Channel cases."),
    ("case_officer", "Case officer", "Manages cases: assessments, visits, support plans, reviews."),
    ("cyber_officer", "Cyber Prevent officer", "Cyber Prevent cases and interventions."),
    ("supervisor", "Supervisor", "Signs off decisions and closures; allocates work; audits."),
    ("sio", "Senior investigating officer (SIO)", "Directs tactics; de-confliction with Pursue."),
    ("analyst", "Analyst", "Statistics and KPIs only: never a named person."),
    ("panel_member", "Panel member", "A Channel panel partner: sees only what is shared."),
    ("administrator", "Administrator", "Users, teams and reference data; no case content."),
    ("data_protection", "Data protection officer", "Audits access to personal data."),
]

NO_PERSONAL_DATA = {"analyst", "administrator"}

CAPABILITIES = {
    "gateway_officer": ["accounts.break_glass"],
    "prevent_officer": ["accounts.break_glass"],
    "case_officer": ["accounts.break_glass"],
    "cyber_officer": ["accounts.break_glass"],
    "supervisor": [
        "accounts.break_glass",
        "audit.search",
        "audit.view_record_history",
        "reporting.view_aggregates",
    ],
    "sio": ["accounts.break_glass", "audit.view_record_history"],
    "analyst": ["reporting.view_aggregates"],
    "panel_member": [],
    "administrator": ["accounts.manage_users"],
    "data_protection": ["audit.search", "audit.view_record_history"],
}


def grant(apps, grants: dict[str, list[str]]) -> None:
    """Add capabilities to roles (idempotent), from a data migration."""
    Role = apps.get_model("accounts", "Role")
    for code, capabilities in grants.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) | set(capabilities))
        role.save(update_fields=["capabilities"])


def revoke(apps, grants: dict[str, list[str]]) -> None:
    Role = apps.get_model("accounts", "Role")
    for code, capabilities in grants.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) - set(capabilities))
        role.save(update_fields=["capabilities"])
