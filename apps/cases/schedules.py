"""What a case type's review schedule says, in words: the review and exit pages, their hints,
My work and the calendar feed read it here, so the wording follows the data (`ReviewSchedule`,
ADR 0027) and never a hard-coded "6 and 12 months".

"6-month post-exit review" for Channel and police-led partnership cases, "6-month re-offending
check" for Cyber Prevent ones, with the months each schedule names.
"""

from dataclasses import dataclass, field

from apps.cases.choices import ScheduleAnchor, ScheduleKind, review_label, step_label
from apps.cases.models import ReviewSchedule

__all__ = ["CaseTypeSchedule", "for_case_type", "months_text", "review_label", "step_label"]


def join_words(words: list[str]) -> str:
    """ "6", "6 and 12", "6, 12 and 24"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def months_text(months: list[int]) -> str:
    """ "6 and 12 months", "6 months"."""
    return f"{join_words([str(month) for month in months])} month{'s' if months != [1] else ''}"


@dataclass(frozen=True)
class CaseTypeSchedule:
    """The active steps of one case type's schedule, by kind."""

    case_type: str
    post_exit: list[int] = field(default_factory=list)
    extension: list[int] = field(default_factory=list)
    checks: dict[str, list[int]] = field(default_factory=dict)

    @property
    def extendable_at(self) -> int | None:
        """The months of the post-exit review that may extend the reviews (the last regular
        one), when the schedule has steps for an extension."""
        if not (self.extension and self.post_exit):
            return None
        return max(self.post_exit)

    @property
    def extension_text(self) -> str:
        """ "24 months"."""
        return months_text(self.extension)

    def after_exit(self) -> str:
        """What follows an exit for this case type, as the schedule says."""
        sentences = []
        if self.post_exit:
            sentence = f"Post-exit reviews fall due {months_text(self.post_exit)} after exit"
            if self.extension:
                sentence += f" (extendable to {self.extension_text})"
            sentences.append(sentence + ".")
        for anchor, months in self.checks.items():
            sentences.append(f"Re-offending checks fall due {_check_moments(anchor, months)}.")
        if not sentences:
            return "This type of case has no reviews or checks after exit."
        if not self.post_exit:
            sentences.insert(0, "This type of case has no post-exit reviews.")
        return " ".join(sentences)

    def scheduled_on_exit(self, *, extended: bool) -> str:
        """The confirmation once a case exited: what was scheduled."""
        months = sorted(self.post_exit + (self.extension if extended else []))
        parts = []
        if months:
            parts.append(f"Post-exit reviews are scheduled at {months_text(months)}.")
        if self.checks:
            parts.append("Re-offending checks are scheduled.")
        return " ".join(parts)


def _check_moments(anchor: str, months: list[int]) -> str:
    after = [month for month in months if month]
    start = "at exit" if anchor == ScheduleAnchor.EXIT else "when the intervention ends"
    since = "exit" if anchor == ScheduleAnchor.EXIT else "it ends"
    if not after:
        return start
    later = f"{months_text(after)} after {since}"
    return f"{start} and {later}" if 0 in months else later


def for_case_type(case_type: str) -> CaseTypeSchedule:
    """The case type's active schedule (a handful of rows: one query)."""
    post_exit, extension, checks = [], [], {}
    for step in ReviewSchedule.objects.filter(case_type=case_type, is_active=True).order_by(
        "offset_months"
    ):
        if step.kind == ScheduleKind.POST_EXIT_REVIEW:
            (extension if step.on_extension else post_exit).append(step.offset_months)
        elif not step.on_extension:
            checks.setdefault(step.anchor, []).append(step.offset_months)
    return CaseTypeSchedule(
        case_type=case_type, post_exit=post_exit, extension=extension, checks=checks
    )
