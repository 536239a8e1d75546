"""The national intelligence requirements an intelligence interview covers, as first seeded.

Reference data: administrators edit, add and retire requirements and answers in the admin; the
migration seeds these once. Answer lists are the common answers officers record; "Other" with a
note covers the rest.
"""

# code, name, question, more than one answer, [(option code, label), ...]
REQUIREMENTS = [
    (
        "pathway",
        "Pathway into offending",
        "How did they first come to do what they did?",
        True,
        [
            ("gaming", "Through gaming (mods, cheats, game servers)"),
            ("forums", "Through online forums or chat groups"),
            ("peers", "Through friends or peers"),
            ("education", "Through school or college computing"),
            ("curiosity", "Curiosity and self-teaching"),
            ("booter", "Buying a booter or DDoS-for-hire service"),
            ("other", "Other"),
        ],
    ),
    (
        "age-started",
        "Age started",
        "How old were they when they started?",
        False,
        [
            ("under-10", "Under 10"),
            ("10-12", "10 to 12"),
            ("13-15", "13 to 15"),
            ("16-17", "16 to 17"),
            ("18-plus", "18 or over"),
            ("not-known", "Not known"),
        ],
    ),
    (
        "platforms",
        "Platforms and games",
        "Which platforms and games did they use?",
        True,
        [
            ("sandbox-games", "Sandbox and building games"),
            ("shooters", "First-person shooter games"),
            ("game-servers", "Private game servers"),
            ("cheats", "Game cheats and mods"),
            ("streaming", "Streaming platforms"),
            ("other", "Other"),
        ],
    ),
    (
        "forums",
        "Forums",
        "Which forums and communities were they part of?",
        True,
        [
            ("chat-servers", "Chat servers (for example Discord)"),
            ("messaging-channels", "Messaging channels (for example Telegram)"),
            ("hacking-forums", "Hacking forums"),
            ("video-tutorials", "Video tutorial channels"),
            ("none", "None"),
            ("other", "Other"),
        ],
    ),
    (
        "motivations",
        "Motivations",
        "Why did they do it?",
        True,
        [
            ("challenge", "Curiosity or the challenge"),
            ("status", "Status among peers"),
            ("money", "Financial gain"),
            ("grievance", "Revenge or a grievance"),
            ("boredom", "Fun or boredom"),
            ("other", "Other"),
        ],
    ),
    (
        "skills",
        "Skills and how learned",
        "What skills did they have, and how did they learn them?",
        True,
        [
            ("self-taught", "Self-taught online"),
            ("from-peers", "Learned from friends or peers"),
            ("education", "Learned at school or college"),
            ("tutorials", "Followed tutorials or videos"),
            ("tools-only", "Used ready-made tools without the skill"),
            ("other", "Other"),
        ],
    ),
    (
        "neurodivergence",
        "Neurodivergence",
        "Do they have, or identify with, a neurodivergent condition? (Only what they say.)",
        True,
        [
            ("autism-diagnosed", "Autism (diagnosed)"),
            ("autism-self", "Autism (self-identified)"),
            ("adhd", "ADHD (diagnosed or self-identified)"),
            ("other", "Another neurodivergent condition"),
            ("none", "None stated"),
            ("not-said", "Preferred not to say"),
        ],
    ),
    (
        "deterrents",
        "What would have stopped them",
        "What would have stopped them?",
        True,
        [
            ("knowing-law", "Knowing the law (the Computer Misuse Act)"),
            ("earlier-contact", "Earlier contact from the police"),
            ("legal-outlet", "A legal outlet for their skills"),
            ("family-school", "A parent or school stepping in"),
            ("victim-harm", "Knowing the harm to victims"),
            ("nothing", "Nothing"),
            ("other", "Other"),
        ],
    ),
]
