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
        # Until December 2026 an offer was not matched to facilities; none was labelled
        # for this one then, so its facilities are not measured.
        assets=[],
        organisations=["demo-mersey-coatings"],
        not_assets=[],
        not_organisations=["lstm", "demo-halton-analytics"],
    ),
]


# Issue 14: the same needs written the way businesses write them. Written before any
# tuning of the text matching and not changed to fit: reworded needs (other words for
# the same thing), opportunities with no keywords or no focal area, niche needs with
# one or two fitting organisations, and DISTRACTORS (organisations outside the focal
# areas that share everyday words) which must stay out of the top 5.
REWORDED_PROBES = [
    dict(
        title="Automated testing of paint recipes",
        kind="partner_search",
        focal_areas=[],
        keywords="",
        summary=(
            "We make industrial paints and want a lab that can try hundreds of recipe "
            "variations automatically and tell us which resist corrosion best."
        ),
        assets=["materials-innovation-factory", "mif-mobile-robot-scientist"],
        organisations=[
            "university-of-liverpool",
            "demo-formulate-north",
            "demo-mersey-coatings",
        ],
        not_assets=["lite", "psmsl", "iicon"],
        not_organisations=["lstm", "demo-vectorshield"],
    ),
    dict(
        title="Independent efficacy testing of mosquito nets",
        kind="challenge",
        focal_areas=[],
        keywords="",
        summary=(
            "Our treated netting needs WHO-style testing against resistant mosquitoes "
            "before a public tender."
        ),
        assets=["lite", "lstm-laboratories"],
        organisations=["lstm", "demo-vectorshield"],
        not_assets=["hartree-centre", "glass-futures-furnace"],
        not_organisations=["unilever", "demo-halton-analytics"],
    ),
    dict(
        title="Predicting breakdowns on our packing line",
        kind="partner_search",
        focal_areas=[],
        keywords="predictive maintenance",
        summary=(
            "Our packing machines log vibration and temperature; we want a model that "
            "warns us before a stoppage."
        ),
        assets=["hartree-centre", "digital-innovation-facility"],
        organisations=["stfc", "demo-halton-analytics"],
        not_assets=["lite", "iicon"],
        not_organisations=["lstm", "demo-vectorshield"],
    ),
    dict(
        title="Additive manufacturing of a handheld device housing",
        kind="partner_search",
        focal_areas=[],
        keywords="additive manufacturing",
        summary=(
            "We need small batches of enclosures made by additive manufacturing while "
            "we finalise the design of our handheld meter."
        ),
        assets=None,  # no facility in the directory offers it
        organisations=["demo-proto-works"],
        not_assets=["lite"],
        not_organisations=["lstm", "demo-mersey-print-copy"],
    ),
    dict(
        title="Safety assessment of an antimicrobial wound gel",
        kind="partner_search",
        focal_areas=["infection"],
        keywords="safety assessment",
        summary=(
            "Before clinical use we need toxicology and efficacy data for our gel "
            "against the bacteria found in hospital wounds."
        ),
        assets=["ceidr", "iicon"],
        organisations=["demo-bioassay-labs", "lstm"],
        not_assets=["hartree-centre", "glass-futures-furnace"],
        not_organisations=["glass-futures", "demo-quantum-dock"],
    ),
    dict(
        title="Cutting gas use in our glass furnaces",
        kind="challenge",
        focal_areas=[],
        keywords="",
        summary=(
            "We melt container glass and must reach net zero; we want to trial switching "
            "a furnace from natural gas to hydrogen."
        ),
        assets=["glass-futures-furnace"],
        organisations=["glass-futures", "demo-glassworks-innovations"],
        not_assets=["iicon", "lite"],
        not_organisations=["lstm", "demo-halton-analytics"],
    ),
    dict(
        title="Early warning of coastal flooding for a harbour",
        kind="challenge",
        focal_areas=[],
        keywords="flood warning",
        summary=(
            "Our harbour needs better predictions of high water and surges a few days "
            "ahead so we can move vessels in time."
        ),
        assets=[
            "noc-liverpool",
            "national-tidal-and-sea-level-facility",
            "psmsl",
            "bodc",
        ],
        organisations=["national-oceanography-centre", "demo-coastal-insight"],
        not_assets=["lite", "unilever-advanced-manufacturing-centre"],
        not_organisations=["unilever", "demo-formulate-north"],
    ),
    dict(
        title="Speeding up our chemistry models on a supercomputer",
        kind="partner_search",
        focal_areas=["hpc-cognitive-computing"],
        keywords="HPC",
        summary=(
            "Our molecular simulations take weeks on a workstation; we want time on a "
            "supercomputer and advice to make the code faster."
        ),
        assets=["hartree-centre", "daresbury-laboratory", "virtual-engineering-centre"],
        organisations=["stfc", "demo-quantum-dock", "liverpool-john-moores-university"],
        not_assets=["lite", "glass-futures-furnace"],
        not_organisations=["demo-wirral-diagnostics", "unilever"],
    ),
    dict(
        title="A virtual copy of our plant for operator training",
        kind="partner_search",
        focal_areas=[],
        keywords="digital twin",
        summary=(
            "We want new operators to practise shutdowns in an immersive 3D copy of the "
            "site before they touch the real controls."
        ),
        assets=["virtual-engineering-centre", "digital-innovation-facility"],
        organisations=["demo-immersexr", "university-of-liverpool"],
        not_assets=["lite", "psmsl"],
        not_organisations=["lstm", "demo-vectorshield", "demo-wirral-driving-school"],
    ),
    dict(
        title="Taking a hair conditioner from lab bench to factory",
        kind="partner_search",
        focal_areas=[],
        keywords="",
        summary=(
            "Our conditioner recipe works in 5 kg batches; we need to prove it at 500 kg "
            "on pilot equipment before a retailer launch."
        ),
        assets=["unilever-advanced-manufacturing-centre", "centre-for-process-innovation"],
        organisations=["unilever", "centre-for-process-innovation", "demo-formulate-north"],
        not_assets=["hartree-centre", "lite"],
        not_organisations=["stfc", "demo-coastal-insight"],
    ),
    dict(
        title="Rapid test for a bloodstream infection",
        kind="partner_search",
        focal_areas=["infection"],
        keywords="point of care testing",
        summary=(
            "We have antibodies for a bloodstream infection and need a partner to build "
            "and validate a lateral flow test for hospital wards."
        ),
        assets=["iicon", "lstm-laboratories", "pandemic-institute"],
        organisations=["demo-wirral-diagnostics", "lstm", "demo-bioassay-labs"],
        not_assets=["hartree-centre", "glass-futures-furnace"],
        not_organisations=["glass-futures", "demo-coastal-insight"],
    ),
    dict(
        title="Volunteers for a nasal vaccine study",
        kind="challenge",
        focal_areas=["infection"],
        keywords="clinical studies",
        summary=(
            "We need a site that can recruit volunteers and carry out a first-in-human "
            "study of a nasal vaccine."
        ),
        assets=["iicon", "lstm-laboratories"],
        organisations=["lstm", "demo-mersey-vaccines"],
        not_assets=["hartree-centre", "psmsl"],
        not_organisations=["demo-halton-analytics", "demo-lime-street-recruitment"],
    ),
    dict(
        title="Solar cell coatings for glass panels",
        kind="partner_search",
        focal_areas=["materials-chemistry"],
        keywords="photovoltaics",
        summary="We want to test new solar cell coatings and thin layers for facade glass.",
        assets=["stephenson-institute-for-renewable-energy", "henry-royce-institute"],
        organisations=["henry-royce-institute", "university-of-liverpool"],
        not_assets=["lite", "iicon"],
        not_organisations=["lstm", "demo-wirral-diagnostics"],
    ),
    dict(
        title="Lab space near the hospitals for a diagnostics start-up",
        kind="partner_search",
        focal_areas=[],
        keywords="",
        summary=(
            "We are a five-person start-up needing a wet lab and desks close to the "
            "Knowledge Quarter from the spring."
        ),
        assets=[
            "liverpool-science-park",
            "liverpool-life-sciences-accelerator",
            "central-tech",
            "daresbury-innovation-centre",
            "sci-tech-daresbury",
        ],
        organisations=["sciontec", "sci-tech-daresbury", "knowledge-quarter-liverpool"],
        not_assets=["hartree-centre", "lite"],
        not_organisations=["demo-halton-analytics", "demo-dock-road-removals"],
    ),
]

# Organisations outside the focal areas whose profiles share everyday words with the
# probes ("printing", "training", "testing", "cleaning", "ports", "recruit").
DISTRACTORS = [
    dict(
        name="Mersey Print & Copy",
        slug="demo-mersey-print-copy",
        description=(
            "High street printing shop: business cards, posters, banners and large-format "
            "printing while you wait; design and prototypes of signs."
        ),
        capabilities="printing, graphic design",
    ),
    dict(
        name="Wirral Driving School",
        slug="demo-wirral-driving-school",
        description=(
            "Driving lessons, intensive courses and test preparation; practise on "
            "a simulator before you drive on real roads."
        ),
        capabilities="driver training",
    ),
    dict(
        name="Halton Office Cleaning",
        slug="demo-halton-office-cleaning",
        description=(
            "Contract cleaning for offices, schools and hospitals: floors, windows, "
            "washrooms and hygiene supplies."
        ),
        capabilities="cleaning, facilities management",
    ),
    dict(
        name="Dock Road Removals",
        slug="demo-dock-road-removals",
        description="House and office removals, storage and van hire around the docks and harbour.",
        capabilities="removals, storage",
    ),
    dict(
        name="Lime Street Recruitment",
        slug="demo-lime-street-recruitment",
        description=(
            "Recruitment agency placing temporary staff and volunteers in hospitality, "
            "retail and warehouse jobs."
        ),
        capabilities="recruitment, temporary staffing",
    ),
    dict(
        name="Anfield Accountants",
        slug="demo-anfield-accountants",
        description="Bookkeeping, payroll, tax returns and models of cash flow for small firms.",
        capabilities="accounting, payroll",
    ),
    dict(
        name="Coastal Kitchens",
        slug="demo-coastal-kitchens",
        description="Seaside cafe and outside catering for weddings, launches and events.",
        capabilities="catering, events",
    ),
    dict(
        name="Formby Garden Design",
        slug="demo-formby-garden-design",
        description="Garden design, landscaping, tree surgery and glass garden rooms.",
        capabilities="landscaping, garden design",
    ),
]
