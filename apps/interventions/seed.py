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
