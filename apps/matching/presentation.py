"""How a suggested match is shown to an officer: a band, an honest figure, evidence in words.

The bands are declared here once (ADR 0023) and every page and form that shows a
candidate reads them from here. A probability is never shown as 100%: the model only
ever estimates, so the figure stops at "over 99.9%".
"""

import datetime
from dataclasses import dataclass

from apps.matching import linkage


@dataclass(frozen=True)
class Band:
    """A range of match probability, its words, and what it means for the officer."""

    name: str
    lowest: float  # the band holds probabilities at or above this, below the band above
    meaning: str
    tag: str  # GOV.UK tag colour

    @property
    def lowest_text(self) -> str:
        return probability_text(self.lowest)


# Highest first. "Very likely" starts where the model counts a likely match (the same
# threshold the referral page's "likely match" count and precision measurements use);
# "unlikely" starts where a candidate is worth showing at all.
BANDS: tuple[Band, ...] = (
    Band(
        "very likely",
        linkage.LIKELY_MATCH_THRESHOLD,
        "Most details agree. Probably the same person: check what differs before you link.",
        "red",
    ),
    Band(
        "possible",
        0.5,
        "Some details agree and some differ. It could be the same person: compare the "
        "evidence, and ask the holding team if you are not sure.",
        "yellow",
    ),
    Band(
        "unlikely",
        linkage.CANDIDATE_THRESHOLD,
        "Few details agree. Probably someone else, shown so that you can rule them out.",
        "grey",
    ),
)

AGREEMENT_TAGS = {
    "agrees": "green",
    "partly agrees": "yellow",
    "disagrees": "red",
    "missing": "grey",
}
AGREEMENT_WORDS = {
    "agrees": "Agrees",
    "partly agrees": "Partly agrees",
    "disagrees": "Disagrees",
    "missing": "Not recorded on one side",
}
FIELD_LABELS = {spec.name: spec.description for spec in linkage.COMPARISONS} | {
    "rivals": "Other likely matches"
}


def bands_explained() -> list[dict]:
    """Each band with the range it covers in words, for the page's "how to read" note."""
    explained, upper = [], None
    for band in BANDS:
        if upper is None:
            range_text = f"{band.lowest_text} or more"
        else:
            range_text = f"{band.lowest_text} to under {probability_text(upper)}"
        explained.append(
            {"name": band.name, "tag": band.tag, "meaning": band.meaning, "range_text": range_text}
        )
        upper = band.lowest
    return explained


def band_for(probability: float) -> Band:
    for band in BANDS:
        if probability >= band.lowest:
            return band
    return BANDS[-1]


def probability_text(probability: float) -> str:
    """The figure as a person reads it, never "100%" nor "0%": the model only estimates."""
    percent = probability * 100
    if percent > 99.9:
        return "over 99.9%"
    if percent < 0.1:
        return "under 0.1%"
    text = f"{percent:.1f}".removesuffix(".0")
    return f"{text}%"


def date_in_words(value) -> str:
    """An ISO date from a match record ("2009-03-14") as "14 March 2009"."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def evidence_rows(evidence: list[dict]) -> list[dict]:
    """Each comparison by its label ("Date of birth"), its agreement in words, and why."""
    return [
        {
            "field": FIELD_LABELS.get(item["field"], _sentence(item["field"].replace("_", " "))),
            "agreement": AGREEMENT_WORDS.get(item["label"], _sentence(item["label"])),
            "tag": AGREEMENT_TAGS.get(item["label"], "grey"),
            "description": _sentence(item["description"]),
        }
        for item in evidence
    ]


def describe(candidate) -> dict:
    """A candidate (matching.deconfliction.Candidate) as the de-confliction page shows it."""
    band = band_for(candidate.match_probability)
    summary = candidate.summary or {}
    address = ", ".join(
        part for part in (summary.get("address_line_1"), summary.get("postcode")) if part
    )
    return {
        "id": candidate.id,
        "kind": candidate.kind,
        "reference": candidate.reference,
        "visible": candidate.visible,
        "team": candidate.team,
        "name": summary.get("name", ""),
        "born": date_in_words(summary.get("date_of_birth")),
        "address": address,
        "probability": probability_text(candidate.match_probability),
        "band": band,
        "evidence": evidence_rows(candidate.evidence),
    }


def choice_label(candidate) -> str:
    """A candidate as an answer to "Who is this referral about?"."""
    shown = describe(candidate)
    born = f", born {shown['born']}" if shown["born"] else ""
    return (
        f"{shown['reference']} – {shown['name']}{born} "
        f"({shown['band'].name}: {shown['probability']})"
    )
