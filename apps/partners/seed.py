"""The partners reference lists as the issue and DOMAIN.md give them (the customer edits them)."""

SECTORS = [
    ("local-authority", "Local authority"),
    ("school", "School"),
    ("further-education", "Further education"),
    ("higher-education", "Higher education"),
    ("faith-institution", "Faith institution"),
    ("health", "Health"),
    ("prison", "Prison"),
    ("probation", "Probation"),
    ("youth-justice", "Youth justice"),
    ("community-group", "Community group"),
    ("charity", "Charity"),
    ("industry", "Industry"),
    ("academia", "Academia"),
    ("other-law-enforcement", "Other law enforcement"),
    ("neighbourhood-policing", "Neighbourhood policing"),
    ("other", "Other"),
]

SPECIALISMS = [
    ("ideology-islamist", "Ideology: Islamist"),
    ("ideology-extreme-right-wing", "Ideology: extreme right-wing"),
    ("ideology-other", "Ideology: other and mixed"),
    ("mentoring", "Mentoring"),
    ("mental-health", "Mental health"),
    ("education", "Education"),
    ("digital-cyber-skills", "Digital and cyber skills"),
    ("capture-the-flag", "Capture-the-flag and coding clubs"),
]

LANGUAGES = [
    ("english", "English"),
    ("urdu", "Urdu"),
    ("punjabi", "Punjabi"),
    ("arabic", "Arabic"),
    ("polish", "Polish"),
    ("somali", "Somali"),
    ("bengali", "Bengali"),
    ("romanian", "Romanian"),
]

AGE_GROUPS = [
    ("under-12", "Under 12"),
    ("12-15", "12 to 15"),
    ("16-17", "16 to 17"),
    ("18-24", "18 to 24"),
    ("25-plus", "25 and over"),
]

CONTACT_ROLES = [
    ("prevent-lead", "Prevent lead"),
    ("designated-safeguarding-lead", "Designated safeguarding lead"),
    ("channel-panel-member", "Channel panel member"),
    ("single-point-of-contact", "Single point of contact"),
    ("other", "Other"),
]

SESSION_TYPES = [
    ("prevent-awareness", "Prevent awareness"),
    ("wrap-workshop", "WRAP-style workshop"),
    ("channel-awareness", "Channel awareness"),
    ("police-prevent-training", "Nationally accredited police Prevent training product"),
    ("partner-briefing", "Partner briefing"),
    ("community-event", "Community event"),
    ("cyber-choices", "Cyber Choices talk"),
    ("computer-misuse-act", "Computer Misuse Act awareness"),
    ("cyber-protect", "Cyber Protect presentation"),
]
