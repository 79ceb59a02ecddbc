"""Where things are: the city region's bounds and postcode-district centroids.

Shared by the asset admin (checking a curator's coordinates) and the LCR+ dataset
(checking that each record's coordinates match its postcode). No network look-up: the
table below ships with the code and covers the districts the directory uses; a postcode
whose district is not listed simply cannot be checked (``postcode_centroid`` is None).
"""

import math
import re

# Latitude and longitude bounds that hold the Liverpool City Region (Liverpool, Sefton,
# Knowsley, St Helens, Wirral, Halton) with a small margin.
REGION_BBOX = {"south": 53.28, "north": 53.70, "west": -3.25, "east": -2.55}

# How far (km) a point may lie from its postcode district's centroid before we warn.
# Districts are a few kilometres across, so this is a sanity check, not a survey.
POSTCODE_TOLERANCE_KM = 4.0

# Approximate centroids (latitude, longitude) of postcode districts: every district the
# LCR+ dataset uses, and those of the demo organisations. Keep each entry to the
# district's centre, not a building; a test checks every dataset record against it.
POSTCODE_DISTRICT_CENTROIDS = {
    # Liverpool city centre and Knowledge Quarter
    "L1": (53.4020, -2.9820),
    "L2": (53.4070, -2.9890),
    "L3": (53.4100, -2.9880),
    "L7": (53.4060, -2.9540),
    "L69": (53.4060, -2.9660),
    # Halton (Daresbury, Runcorn, Widnes) and Warrington
    "WA1": (53.3900, -2.5850),
    "WA4": (53.3450, -2.6200),
    "WA7": (53.3350, -2.7000),
    "WA8": (53.3700, -2.7400),
    # St Helens
    "WA9": (53.4420, -2.7250),
    "WA10": (53.4550, -2.7550),
    # Wirral
    "CH41": (53.3900, -3.0250),
    "CH63": (53.3450, -3.0050),
    # Sefton and south Liverpool
    "L20": (53.4500, -2.9900),
    "L24": (53.3500, -2.8500),
    # Partners beyond the region: Manchester (Royce hub) and Redcar (CPI, Wilton)
    "M13": (53.4600, -2.2250),
    "TS10": (54.5900, -1.0900),
}

_DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*[0-9][A-Z]{2}$")


def postcode_district(postcode):
    """The outward code of a full UK postcode ("L7 3FA" -> "L7"), or None if malformed."""
    match = _DISTRICT.match((postcode or "").strip().upper())
    return match.group(1) if match else None


def postcode_centroid(postcode):
    """The (latitude, longitude) of a postcode's district, or None when we don't know it."""
    return POSTCODE_DISTRICT_CENTROIDS.get(postcode_district(postcode))


def in_region(latitude, longitude):
    """Whether a point lies within the city region's bounding box."""
    box = REGION_BBOX
    return (
        box["south"] <= float(latitude) <= box["north"]
        and box["west"] <= float(longitude) <= box["east"]
    )


def distance_km(a, b):
    """Great-circle distance in km between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*map(float, a), *map(float, b)))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def location_problem(latitude, longitude, postcode=""):
    """Why a point does not fit its postcode (or the region), or None when it does.

    With a postcode whose district we know, the point must lie within
    POSTCODE_TOLERANCE_KM of the district's centroid (this is how partners beyond the
    region are checked); otherwise it must lie within the city region's bounds.
    """
    centroid = postcode_centroid(postcode)
    if centroid is not None:
        km = distance_km((latitude, longitude), centroid)
        if km > POSTCODE_TOLERANCE_KM:
            return f"{km:.1f} km from the centre of {postcode_district(postcode)}"
        return None
    if not in_region(latitude, longitude):
        return "outside the Liverpool City Region"
    return None
