"""Statuses the work code branches on: allocation history steps and task statuses."""

from django.db import models


class AllocationStep(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    REALLOCATED = "reallocated", "Reallocated"
    RELEASED = "released", "Released"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
