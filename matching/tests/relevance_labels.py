"""Labelled relevance set for matching, written before any tuning and not changed to fit.

Each probe is a new opportunity posted by an organisation outside the dataset. For the
LCR+ dataset and the demo data (`seed_lcr --demo`), ``assets`` and ``organisations``
list EVERY record that should be suggested for it; anything else suggested counts as a
wrong suggestion. ``not_assets`` / ``not_organisations`` name some that clearly should
not, and are checked never to appear.

Updated when facts changed, never to fit scores (issue 15, November 2026): Sensor City
closed in 2020, the Hartree SME hubs serve other regions and the MIF analytical suite
is unconfirmed, so those archived records are no longer expected; the Digital Innovation
Facility (added with a source) works with businesses on data science and AI.
"""

PROBES = [
    dict(
        title="High-throughput screening of coating formulations",
        kind="partner_search",
        focal_areas=["materials-chemistry"],
        keywords="high-throughput formulation, coatings, robotics, formulation",
        summary="We need automated screening of hundreds of coating recipes.",
        assets=[
            "materials-innovation-factory",
            "mif-mobile-robot-scientist",
            "centre-for-process-innovation",
            "unilever-advanced-manufacturing-centre",
        ],
        organisations=[
            "university-of-liverpool",
            "centre-for-process-innovation",
            "unilever",
            "demo-formulate-north",
            "demo-mersey-coatings",
        ],
        not_assets=["hartree-centre", "lite", "bodc", "sensor-city", "psmsl"],
        not_organisations=["lstm", "national-oceanography-centre", "demo-vectorshield"],
    ),
    dict(
        title="Testing a new insecticide-treated bed net",
        kind="challenge",
        focal_areas=["infection"],
        keywords="insecticide testing, vector control, bed nets, WHO bioassays",
        summary="We need independent testing of a long-lasting net against resistant mosquitoes.",
        assets=["lite", "lstm-laboratories"],
        organisations=["lstm", "demo-vectorshield"],
        not_assets=[
            "materials-innovation-factory",
            "hartree-centre",
            "glass-futures-furnace",
            "iicon",
        ],
        not_organisations=["unilever", "stfc", "demo-halton-analytics"],
    ),
    dict(
        title="Machine learning on manufacturing sensor data",
        kind="partner_search",
        focal_areas=["hpc-cognitive-computing"],
        keywords="machine learning, data analytics, artificial intelligence, sensors",
        summary="We want to predict line stoppages from the data our machines already log.",
        assets=["hartree-centre", "digital-innovation-facility"],
        organisations=["stfc", "demo-halton-analytics", "demo-proto-works"],
        not_assets=[
            "lite",
            "iicon",
            "unilever-advanced-manufacturing-centre",
            "glass-futures-furnace",
        ],
        not_organisations=["lstm", "demo-vectorshield", "demo-mersey-vaccines", "glass-futures"],
    ),
    dict(
        title="Rapid sepsis diagnostic: assay development partner",
        kind="partner_search",
        focal_areas=["infection"],
        keywords="diagnostics, assay development, clinical trials",
        summary="We need a partner to develop and validate an assay for a rapid sepsis test.",
        assets=["iicon", "lstm-laboratories", "ceidr"],
        organisations=[
            "lstm",
            "demo-wirral-diagnostics",
            "demo-bioassay-labs",
            "demo-mersey-vaccines",
        ],
        not_assets=["hartree-centre", "materials-innovation-factory", "sensor-city"],
        not_organisations=["glass-futures", "demo-quantum-dock", "demo-coastal-insight"],
    ),
    dict(
        title="Storm surge forecasting for port operations",
        kind="challenge",
        focal_areas=["hpc-cognitive-computing"],
        keywords="storm surge modelling, sea level data, tides, coastal modelling",
        summary="Port operators want earlier warning of surges that close the lock gates.",
        assets=[
            "noc-liverpool",
            "national-tidal-and-sea-level-facility",
            "psmsl",
            "bodc",
        ],
        organisations=["national-oceanography-centre", "demo-coastal-insight"],
        not_assets=["lite", "mif-analytical-suite", "unilever-advanced-manufacturing-centre"],
        not_organisations=["unilever", "demo-formulate-north"],
    ),
    dict(
        title="Low-carbon glass furnace trials",
        kind="partner_search",
        focal_areas=["materials-chemistry"],
        keywords="furnace trials, glass melting, decarbonisation",
        summary="We want to trial hydrogen firing on a glass furnace before investing.",
        assets=["glass-futures-furnace"],
        organisations=["glass-futures", "demo-glassworks-innovations"],
        not_assets=["iicon", "hartree-centre", "sensor-city"],
        not_organisations=["lstm", "demo-halton-analytics"],
    ),
    dict(
        title="Quantum computing for molecular simulation",
        kind="partner_search",
        focal_areas=["hpc-cognitive-computing"],
        keywords="quantum computing, simulation, high performance computing",
        summary="We want to test whether quantum algorithms speed up our molecular models.",
        assets=[
            "hartree-centre",
            "virtual-engineering-centre",
            "daresbury-laboratory",
        ],
        organisations=["stfc", "demo-quantum-dock"],
        not_assets=["lite", "glass-futures-furnace", "bodc"],
        not_organisations=["demo-wirral-diagnostics", "unilever"],
    ),
    dict(
        title="Prototype a wearable sensor",
        kind="partner_search",
        focal_areas=["hpc-cognitive-computing"],
        keywords="electronics prototyping, 3D printing, sensors",
        summary="We need help turning a breadboard design into a wearable prototype.",
        assets=None,  # Sensor City closed in 2020; no confirmed prototyping lab remains
        organisations=["demo-proto-works"],
        not_assets=["lite", "noc-liverpool"],
        not_organisations=["lstm", "glass-futures"],
    ),
    dict(
        title="Immersive VR training for engineers",
        kind="partner_search",
        focal_areas=["hpc-cognitive-computing"],
        keywords="virtual reality, mixed reality, visualisation, digital engineering",
        summary="We want to train maintenance engineers on a virtual copy of our plant.",
        assets=["virtual-engineering-centre", "digital-innovation-facility", "hartree-centre"],
        organisations=["demo-immersexr", "university-of-liverpool"],
        not_assets=["lite", "psmsl", "glass-futures-furnace"],
        not_organisations=["lstm", "demo-vectorshield"],
    ),
    dict(
        title="Scale-up of a shampoo formulation to pilot plant",
        kind="partner_search",
        focal_areas=["materials-chemistry"],
        keywords="scale-up, pilot plant, formulation, personal care",
        summary="Our new shampoo works in the lab; we need to prove it at pilot scale.",
        assets=["unilever-advanced-manufacturing-centre", "centre-for-process-innovation"],
        organisations=["unilever", "centre-for-process-innovation", "demo-formulate-north"],
        not_assets=["hartree-centre", "lite", "sensor-city"],
        not_organisations=["stfc", "demo-coastal-insight"],
    ),
    dict(
        title="Robotic formulation screening as a service",
        kind="capability_offer",
        focal_areas=["materials-chemistry"],
        keywords="robotics, high-throughput formulation, coatings",
        summary="We offer robotic screening of formulations on a pay-per-plate basis.",
        assets=None,  # an offer is not matched to facilities
        organisations=["demo-mersey-coatings"],
        not_assets=[],
        not_organisations=["lstm", "demo-halton-analytics"],
    ),
]
