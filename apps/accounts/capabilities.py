"""Which capabilities read personal data: the one list the administrator rule checks.

An administrator manages accounts and reference data and must never be able to
read case content (docs/decisions/0011). So the Administrator role, and any role
that can manage users, may hold no capability named here. The list fails
closed: a record capability counts as reading personal data unless its model is
one of the few named below as holding none, and a capability nobody recognises
counts as reading personal data too.
"""

from django.apps import apps

from apps.core.access import GLOBAL_CAPABILITIES

MANAGE_USERS = "accounts.manage_users"

# Capabilities that are not about one model but open personal data or the trail of who read it.
PERSONAL_DATA_GLOBAL_CAPABILITIES = frozenset(
    {
        "accounts.break_glass",
        "audit.search",
        "audit.search_all",
        "audit.view_record_history",
    }
)

# Models that hold no personal data: reference lists, geography and the shape of the service.
NON_PERSONAL_DATA_MODELS = frozenset(
    {
        "accounts.role",
        "accounts.team",
        "assessments.assessmentframework",
        "assessments.frameworkdimension",
        "assessments.frameworkfactor",
        "documents.documenttemplate",
        "interventions.interventiontype",
        "auth.permission",
        "contenttypes.contenttype",
        "core.referencecounter",
        "geography.localauthority",
        "geography.lsoa",
        "reference.concerntype",
        "reference.referralsector",
        "reference.supportservice",
    }
)


def capability_model(capability: str):
    """The model a record capability (`<app_label>.<action>_<model_name>`) is about, or None."""
    app_label, _, codename = capability.partition(".")
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        return None
    for model in app_config.get_models():
        if codename.endswith(f"_{model._meta.model_name}"):
            return model
    return None


def reads_personal_data(capability: str) -> bool:
    """True if holding `capability` lets its holder read personal data (fails closed)."""
    if capability in PERSONAL_DATA_GLOBAL_CAPABILITIES:
        return True
    if capability in GLOBAL_CAPABILITIES:
        return False
    model = capability_model(capability)
    if model is None:
        return True
    return model._meta.label_lower not in NON_PERSONAL_DATA_MODELS


def personal_data_capabilities(capabilities) -> list[str]:
    """The members of `capabilities` that read personal data, sorted."""
    return sorted(code for code in capabilities if reads_personal_data(code))
