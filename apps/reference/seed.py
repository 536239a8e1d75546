"""The reference lists as DOMAIN.md gives them (Home Office Prevent statistics)."""

SECTORS = [
    ("education", "Education"),
    ("police", "Police"),
    ("local-authority", "Local Authority"),
    ("health", "Health"),
    ("community", "Community"),
    ("friends-and-family", "Friends and Family"),
    ("prisons", "Prisons"),
    ("probation", "Probation"),
    ("other", "Other"),
]

CONCERN_TYPES_2024 = [
    ("extreme-right-wing", "Extreme right-wing"),
    ("islamist", "Islamist"),
    ("left-wing", "Left-wing"),
    ("no-ideology", "No ideology identified"),
    (
        "no-ideology-other-susceptibility",
        "No ideology – other susceptibility to radicalisation identified",
    ),
    (
        "fascination-extreme-violence",
        "Fascination with extreme violence or mass casualty attacks (where no other ideology)",
    ),
    ("other", "Other"),
]

# 2020/21–2023/24 set, each mapped to the 2024/25 type it is counted as.
CONCERN_TYPES_LEGACY = [
    ("islamist", "Islamist", "islamist"),
    ("extreme-right-wing", "Extreme Right-Wing", "extreme-right-wing"),
    ("left-wing-anarchist-single-issue", "Left Wing, Anarchist or Single Issue", "left-wing"),
    (
        "vulnerability-no-ideology",
        "Vulnerability present but no ideology or CT risk",
        "no-ideology-other-susceptibility",
    ),
    ("school-massacre", "School Massacre", "fascination-extreme-violence"),
    ("incel", "Incel", "other"),
    ("conflicted", "Conflicted", "other"),
    ("high-ct-risk-no-ideology", "High CT risk but no ideology present", "other"),
    ("no-risk", "No risk present", "no-ideology"),
    ("other", "Other", "other"),
]

SUPPORT_SERVICES = [
    ("childrens-social-care", "Children's social care"),
    ("adult-social-care", "Adult social care"),
    ("early-help", "Early help"),
    ("health", "Health"),
    ("mental-health", "Mental health services"),
    ("education", "Education"),
    ("other", "Other support"),
]
