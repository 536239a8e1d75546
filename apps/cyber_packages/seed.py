"""Reference lists for intelligence packages, and who may use them.

The customer edits the lists (Django admin); code never branches on their values.
"""

LEAD_AGENCIES = [
    ("nccu", "National Crime Agency – National Cyber Crime Unit (NCCU)"),
    ("rocu", "Regional Organised Crime Unit (ROCU)"),
    ("action-fraud", "Action Fraud"),
    ("force", "Police force"),
]

# The forces of the South East region (SEROCU), with the postcode areas that lie wholly in
# each. Areas that straddle forces (GU, RH, TN, BH) are left out: the officer picks the force.
FORCES = [
    ("thames-valley", "Thames Valley Police", "RG SL OX MK HP"),
    ("hampshire", "Hampshire and Isle of Wight Constabulary", "SO PO"),
    ("kent", "Kent Police", "CT ME DA"),
    ("surrey", "Surrey Police", "KT CR"),
    ("sussex", "Sussex Police", "BN"),
]

RECORDS = ["operation", "intelligencepackage", "packagesubject"]
# Cyber Prevent officers and their supervisors. Which team they are in is checked in
# selectors and services: only Cyber Prevent teams (TeamKind.CYBER) use these records.
OFFICER = [
    f"cyber_packages.{action}_{model}" for model in RECORDS for action in ("view", "add", "change")
]
GRANTS = {"cyber_officer": OFFICER, "supervisor": OFFICER}
