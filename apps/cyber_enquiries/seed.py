"""The Cyber Prevent enquiry lists as DOMAIN.md and SEROCU's pre-referral questions give them.

The customer edits them (Django admin); code never branches on these values.
"""

ENQUIRER_TYPES = [
    ("school", "School"),
    ("parent-or-carer", "Parent or carer"),
    ("college", "College"),
    ("university", "University"),
    ("partner-agency", "Partner agency"),
    ("police", "Police"),
    ("other", "Other"),
]

AGE_BANDS = [
    ("under-12", "Under 12"),
    ("12-13", "12 to 13"),
    ("14-15", "14 to 15"),
    ("16-17", "16 to 17"),
    ("18-20", "18 to 20"),
    ("21-plus", "21 and over"),
]

# The forces of the South East region (SEROCU).
FORCE_AREAS = [
    ("thames-valley", "Thames Valley Police"),
    ("hampshire", "Hampshire and Isle of Wight Constabulary"),
    ("surrey", "Surrey Police"),
    ("sussex", "Sussex Police"),
    ("kent", "Kent Police"),
]

INTERESTS = [
    ("gaming", "Gaming"),
    ("game-modding", "Game modding and cheats"),
    ("coding", "Coding and software"),
    ("hacking-challenges", "Hacking challenges and capture-the-flag"),
    ("networking", "Networks and servers"),
    ("hardware", "Building and repairing hardware"),
    ("security-research", "Security research"),
    ("social-media", "Social media and content creation"),
]

CODING_LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("c-cpp", "C or C++"),
    ("csharp", "C#"),
    ("java", "Java"),
    ("php", "PHP"),
    ("sql", "SQL"),
    ("bash-powershell", "Shell scripting (Bash, PowerShell)"),
    ("scratch", "Scratch or block-based"),
]

DEVICES = [
    ("laptop", "Laptop"),
    ("desktop", "Desktop computer"),
    ("phone", "Phone"),
    ("tablet", "Tablet"),
    ("games-console", "Games console"),
    ("raspberry-pi", "Raspberry Pi or similar"),
    ("rented-server", "Rented server or VPS"),
]

OPERATING_SYSTEMS = [
    ("windows", "Windows"),
    ("macos", "macOS"),
    ("linux", "Linux"),
    ("kali-linux", "Kali Linux or other security distribution"),
    ("android", "Android"),
    ("ios", "iOS"),
]

PLATFORMS = [
    ("discord", "Discord"),
    ("telegram", "Telegram"),
    ("github", "GitHub"),
    ("reddit", "Reddit"),
    ("hacking-forums", "Hacking forums"),
    ("gaming-platforms", "Gaming platforms (Steam, Xbox, PlayStation)"),
    ("youtube-twitch", "YouTube or Twitch"),
]

SIGNPOSTING = [
    ("action-fraud", "Action Fraud (fraud, not cyber-dependent crime)"),
    ("ct-prevent", "Counter-terrorism Prevent"),
    ("childrens-social-care", "Children's social care"),
    ("early-help", "Early help"),
    ("school-safeguarding", "The school's safeguarding lead"),
    ("camhs", "Child and adolescent mental health services"),
    ("cyber-protect", "Cyber Protect (victim advice)"),
    ("no-further-action", "No service needed"),
]

CAMPAIGN_RESOURCES = [
    ("leaflet-young-people", "Cyber Choices leaflet for young people"),
    ("leaflet-parents", "Cyber Choices leaflet for parents and carers"),
    ("lesson-plan-ks3", "Lesson plan: Key Stage 3"),
    ("lesson-plan-ks4", "Lesson plan: Key Stage 4"),
    ("poster", "Poster"),
    ("teacher-guide", "Guide for teachers and safeguarding leads"),
]

LISTS = {
    "EnquirerType": ENQUIRER_TYPES,
    "AgeBand": AGE_BANDS,
    "ForceArea": FORCE_AREAS,
    "CyberInterest": INTERESTS,
    "CodingLanguage": CODING_LANGUAGES,
    "Device": DEVICES,
    "OperatingSystem": OPERATING_SYSTEMS,
    "OnlinePlatform": PLATFORMS,
    "SignpostingService": SIGNPOSTING,
    "CampaignResource": CAMPAIGN_RESOURCES,
}

# Cyber Prevent officers and their supervisors. Which team they are in is checked in
# selectors and services: only Cyber Prevent teams (TeamKind.CYBER) use these records.
RECORDS = ["cyberenquiry", "campaignactivity"]
OFFICER = [
    *(
        f"cyber_enquiries.{action}_{model}"
        for model in RECORDS
        for action in ("view", "add", "change")
    ),
    "cyber_enquiries.decide_cyberenquiry",
    "cyber_enquiries.view_disposedenquiry",
]
GRANTS = {"cyber_officer": OFFICER, "supervisor": OFFICER}
