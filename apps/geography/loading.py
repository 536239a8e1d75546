"""Load ONS LSOA boundaries (GeoJSON in the standard ONS shape) into the LSOA table."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
THAMES_VALLEY_LSOAS = DATA_DIR / "thames_valley_lsoa_2011.geojson"


def load_lsoas(lsoa_model, local_authority_model, path: Path = THAMES_VALLEY_LSOAS) -> int:
    """Create or update one LSOA per feature; models are passed so migrations can use this."""
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    authorities = {authority.name: authority for authority in local_authority_model.objects.all()}
    rows = [
        lsoa_model(
            code=feature["properties"]["lsoa11cd"],
            name=feature["properties"]["lsoa11nm"],
            local_authority=authorities[feature["properties"]["lad_name"]],
            centroid_longitude=feature["properties"]["lon"],
            centroid_latitude=feature["properties"]["lat"],
        )
        for feature in features
        if feature["properties"]["lad_name"] in authorities
    ]
    lsoa_model.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "local_authority", "centroid_longitude", "centroid_latitude"],
    )
    return len(rows)
