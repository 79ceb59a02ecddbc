"""assets.geo: postcode districts, the region's bounds and the location check."""

from assets.geo import location_problem, postcode_centroid, postcode_district


def test_postcode_district_is_the_outward_code():
    assert postcode_district("l7 3ny") == "L7"
    assert postcode_district("CH63 3JW") == "CH63"
    assert postcode_district("not a postcode") is None


def test_a_point_near_its_postcode_district_passes():
    assert location_problem(53.3460, -2.9980, "CH63 3JW") is None  # Port Sunlight
    assert location_problem(53.4685, -2.2330, "M13 9PL") is None  # Royce, Manchester


def test_a_point_far_from_its_postcode_district_is_reported():
    problem = location_problem(53.4084, -2.9916, "CH63 3JW")  # Liverpool, Wirral postcode

    assert problem == "7.1 km from the centre of CH63"


def test_without_a_known_district_the_point_must_be_in_the_region():
    assert postcode_centroid("ZZ1 1ZZ") is None
    assert location_problem(53.4070, -2.9760) is None  # Liverpool, no postcode
    assert location_problem(53.4685, -2.2330, "ZZ1 1ZZ") == "outside the Liverpool City Region"
