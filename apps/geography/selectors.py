"""Geography look-ups: which local authority a postcode is in, when that is known."""

import json
import re
from functools import lru_cache

from apps.geography.loading import DATA_DIR
from apps.geography.models import LocalAuthority

DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) [0-9][A-Z]{2}$")


@lru_cache(maxsize=1)
def _district_authority_codes() -> dict[str, str]:
    """Postcode district -> ONS code, for districts inside exactly one Thames Valley authority.

    Districts that straddle a boundary are left out: for them the authority is not known
    from the postcode alone (there is no postcode-to-LSOA lookup in the shipped data).
    """
    data = json.loads((DATA_DIR / "local_authorities.json").read_text(encoding="utf-8"))
    owners: dict[str, set[str]] = {}
    for authority in data["local_authorities"]:
        for district in authority["postcode_districts"]:
            owners.setdefault(district, set()).add(authority["code"])
    return {district: codes.pop() for district, codes in owners.items() if len(codes) == 1}


def local_authority_for_postcode(postcode: str) -> LocalAuthority | None:
    """The authority a normalised postcode ("RG1 1AA") lies in, or None when not known."""
    match = DISTRICT.match(postcode or "")
    if not match:
        return None
    code = _district_authority_codes().get(match.group(1))
    return LocalAuthority.objects.filter(code=code).first() if code else None
