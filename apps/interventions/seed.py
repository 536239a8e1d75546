"""The intervention types the service starts with (editable reference data).

(code, name, scheme, needs consent, provider specialism code or None). Cyber Prevent
adds its own types with scheme "cyber".
"""

PREVENT_TYPES = [
    ("ideological-mentoring", "Ideological or theological mentoring", True, "ideology-other"),
    ("mentoring", "Mentoring", True, "mentoring"),
    ("mental-health", "Mental health support", True, "mental-health"),
    ("education-careers", "Education, training or careers support", True, "education"),
    ("family-support", "Family support", True, None),
    ("diversionary", "Diversionary activity", True, None),
    ("life-skills", "Life skills", True, None),
    ("engagement-visit", "Police engagement visit", False, None),
]

# Cyber Prevent's stepped interventions (DOMAIN.md; the national taxonomy is not public):
# (code, name, needs consent, provider specialism code or None,
#  needs a live-investigation check, a visit or interview, a cease-and-desist).
CYBER_TYPES = [
    ("cyber-awareness-session", "Awareness session", False, None, False, False, False),
    ("cyber-workshop", "Workshop", True, None, False, False, False),
    ("cyber-online-training", "Online training", True, "digital-cyber-skills", False, False, False),
    ("cyber-engagement-visit", "Cyber Choices engagement visit", False, None, True, True, False),
    (
        "cyber-cease-and-desist-letter",
        "Cease-and-desist by letter or e-mail",
        False,
        None,
        True,
        False,
        True,
    ),
    ("cyber-cease-and-desist-visit", "Cease-and-desist visit", False, None, True, True, True),
    ("cyber-mentoring", "Mentoring", True, "mentoring", False, False, False),
    (
        "cyber-diversion-ctf",
        "Diversion activity: capture-the-flag",
        True,
        "capture-the-flag",
        False,
        False,
        False,
    ),
    (
        "cyber-diversion-course",
        "Diversion activity: course",
        True,
        "digital-cyber-skills",
        False,
        False,
        False,
    ),
    (
        "cyber-diversion-day",
        "Diversion activity: intervention day",
        True,
        "digital-cyber-skills",
        False,
        False,
        False,
    ),
    (
        "cyber-diversion-careers",
        "Diversion activity: careers route",
        True,
        "education",
        False,
        False,
        False,
    ),
    ("cyber-signposting", "Signposting", False, None, False, False, False),
    ("cyber-referral-to-pursue", "Referral to Pursue", False, None, False, False, False),
]

# Computer Misuse Act 1990 sections (code, title): codes as referrals record them.
CMA_SECTIONS = [
    ("s1", "Unauthorised access to computer material"),
    ("s2", "Unauthorised access with intent to commit or facilitate further offences"),
    (
        "s3",
        "Unauthorised acts with intent to impair, or with recklessness as to impairing, "
        "the operation of a computer",
    ),
    ("s3ZA", "Unauthorised acts causing, or creating risk of, serious damage"),
    ("s3A", "Making, supplying or obtaining articles for use in an offence under s1, 3 or 3ZA"),
]
