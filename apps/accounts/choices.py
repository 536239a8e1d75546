"""Role codes the code refers to. Roles themselves are rows (seeded by migration)."""

from django.db import models


class RoleCode(models.TextChoices):
    GATEWAY_OFFICER = "gateway_officer", "Gateway officer"
    PREVENT_OFFICER = "prevent_officer", "Prevent officer"
    CASE_OFFICER = "case_officer", "Case officer"
    CYBER_OFFICER = "cyber_officer", "Cyber Prevent officer"
    SUPERVISOR = "supervisor", "Supervisor"
    SIO = "sio", "Senior investigating officer (SIO)"
    ANALYST = "analyst", "Analyst"
    PANEL_MEMBER = "panel_member", "Panel member"
    ADMINISTRATOR = "administrator", "Administrator"
    DATA_PROTECTION = "data_protection", "Data protection officer"


class TeamKind(models.TextChoices):
    PREVENT = "prevent", "CT Prevent"
    CYBER = "cyber", "Cyber Prevent"
    PARTNER = "partner", "Partner organisation"
