"""Statuses and categories of a person record the code branches on."""

from django.db import models


class Gender(models.TextChoices):
    """Home Office statistics categories, with 'not recorded' kept explicit (never inferred)."""

    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other or not stated"
    NOT_RECORDED = "not_recorded", "Not recorded"


class NameKind(models.TextChoices):
    ALIAS = "alias", "Alias or other name"
    PREVIOUS = "previous", "Previous name"
    NICKNAME = "nickname", "Nickname"
    SPELLING = "spelling", "Other spelling or transliteration"


class IdentifierKind(models.TextChoices):
    PNC = "pnc", "PNC ID"
    RMS = "rms", "Force records-system nominal reference"
    NCCU = "nccu", "NCCU reference"
    # Online identifiers, as intelligence packages give them (apps.cyber_packages).
    EMAIL = "email", "E-mail address"
    USERNAME = "username", "Username"
    IP_ADDRESS = "ip_address", "IP address"
    PAYMENT = "payment", "Payment reference"
    PHONE = "phone", "Phone number"
    OTHER = "other", "Other"


class EngagementNeed(models.TextChoices):
    """Needs that affect how to engage, recorded only as disclosed."""

    SEN = "sen", "Special educational needs"
    AUTISM = "autism", "Autism"
    NEURODIVERGENCE = "neurodivergence", "Other neurodivergence"
    MENTAL_HEALTH = "mental_health", "Mental health condition"
    CARE_EXPERIENCED = "care_experienced", "Care-experienced"
