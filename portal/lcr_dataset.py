"""The LCR+ dataset: public facts about the region's innovation assets and their hosts.

Written from the LCR+ Science and Innovation Audit and the facilities' own public
descriptions. ``seed_lcr`` loads it; keep entries short and accurate. Coordinates are
approximate building locations (WGS84).
"""

# The taxonomy the dataset uses. Data migrations create the same rows on a new
# database; seed_lcr brings them back to this state if they were changed or removed.
FOCAL_AREAS = [
    (
        "materials-chemistry",
        "Materials chemistry",
        "Discovering and making new materials and formulations, from robotic chemistry "
        "to factory-scale pilot plants.",
    ),
    (
        "infection",
        "Infection",
        "Vaccines, diagnostics, therapeutics and vector control for infectious diseases.",
    ),
    (
        "hpc-cognitive-computing",
        "High performance & cognitive computing",
        "Supercomputing, data analytics, artificial intelligence and digital engineering.",
    ),
]

ACCESS_MODELS = [
    (
        "open-access",
        "Open access",
        "Book equipment or technician time for a fee, like any other customer.",
    ),
    (
        "free-sme-support",
        "Free SME support",
        "Funded help for small and medium-sized businesses, at no cost to you.",
    ),
    (
        "collaborative-rd",
        "Collaborative R&D",
        "Work with the experts on a joint project, often with shared funding.",
    ),
    (
        "contract-research",
        "Contract research and testing",
        "Pay the facility to do the work or run the tests for you.",
    ),
    (
        "tenancy",
        "Tenancy and hot-desking",
        "Rent an office, lab or desk and work alongside others.",
    ),
    (
        "membership",
        "Membership",
        "Join as a member for access to facilities, events and networks.",
    ),
    ("open-data", "Open data", "Use the data or services freely, usually online."),
]

SECTORS = [
    "Advanced manufacturing",
    "Chemicals and materials",
    "Consumer goods",
    "Digital and creative",
    "Energy and environment",
    "Health and life sciences",
    "Higher education and research",
    "Maritime and ports",
    "Property and innovation districts",
]

# slug: (name, kind, sector, town, postcode, website, focal areas, description)
ORGANISATIONS = {
    "university-of-liverpool": dict(
        name="University of Liverpool",
        kind="university",
        sector="Higher education and research",
        town="Liverpool",
        postcode="L69 7ZX",
        website="https://www.liverpool.ac.uk/",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        capabilities="materials chemistry, robotics, high-throughput formulation, "
        "digital engineering, virtual reality, infectious diseases",
        description="Research-intensive university at the heart of Liverpool's Knowledge "
        "Quarter; hosts the Materials Innovation Factory and the Virtual Engineering Centre.",
    ),
    "stfc": dict(
        name="Science and Technology Facilities Council (STFC)",
        kind="research",
        sector="Higher education and research",
        town="Daresbury",
        postcode="WA4 4AD",
        website="https://www.ukri.org/councils/stfc/",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        capabilities="high performance computing, artificial intelligence, data analytics, "
        "quantum computing, accelerator science",
        description="UK research council running national laboratories, including Daresbury "
        "Laboratory and the Hartree Centre at Sci-Tech Daresbury.",
    ),
    "lstm": dict(
        name="Liverpool School of Tropical Medicine",
        kind="research",
        sector="Health and life sciences",
        town="Liverpool",
        postcode="L3 5QA",
        website="https://www.lstmed.ac.uk/",
        focal_areas=["infection"],
        capabilities="infectious diseases, vector control, diagnostics, vaccines, clinical trials",
        description="The world's oldest school of tropical medicine, working on vaccines, "
        "diagnostics, therapeutics and vector control.",
    ),
    "national-oceanography-centre": dict(
        name="National Oceanography Centre",
        kind="research",
        sector="Energy and environment",
        town="Liverpool",
        postcode="L3 5DA",
        website="https://noc.ac.uk/",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="ocean data, sea level data, coastal modelling, tides",
        description="National centre for ocean science; its Liverpool site leads on tides, "
        "sea level and coastal modelling and runs national data services.",
    ),
    "unilever": dict(
        name="Unilever",
        kind="large",
        sector="Consumer goods",
        town="Port Sunlight",
        postcode="CH63 3JW",
        website="https://www.unilever.co.uk/",
        focal_areas=["materials-chemistry"],
        capabilities="formulation, personal care, home care, scale-up",
        description="Consumer goods company with major research and manufacturing at Port "
        "Sunlight on the Wirral.",
    ),
    "sci-tech-daresbury": dict(
        name="Sci-Tech Daresbury",
        kind="public",
        sector="Property and innovation districts",
        town="Daresbury",
        postcode="WA4 4AD",
        website="https://sci-techdaresbury.com/",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        capabilities="office space, laboratory space, enterprise zone",
        description="Science and innovation campus in Halton and an Enterprise Zone, home to "
        "national laboratories and growing technology companies.",
    ),
    "glass-futures": dict(
        name="Glass Futures",
        kind="research",
        sector="Advanced manufacturing",
        town="St Helens",
        postcode="WA9 3SU",
        website="https://www.glass-futures.org/",
        focal_areas=["materials-chemistry"],
        capabilities="glass melting, furnace trials, decarbonisation",
        description="Not-for-profit research and technology organisation for the glass "
        "industry, with an openly accessible experimental furnace.",
    ),
    "knowledge-quarter-liverpool": dict(
        name="Knowledge Quarter Liverpool",
        kind="public",
        sector="Property and innovation districts",
        town="Liverpool",
        postcode="L3 5TF",
        website="https://www.kqliverpool.co.uk/",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        capabilities="office space, laboratory space, networking",
        description="Liverpool's innovation district, including Liverpool Science Park and "
        "Paddington Village.",
    ),
    "henry-royce-institute": dict(
        name="Henry Royce Institute",
        kind="research",
        sector="Chemicals and materials",
        town="Manchester",
        postcode="M13 9PL",
        website="https://www.royce.ac.uk/",
        focal_areas=["materials-chemistry"],
        capabilities="advanced materials, materials characterisation, thin films",
        description="The UK's national institute for advanced materials research and "
        "innovation, headquartered in Manchester.",
    ),
    "centre-for-process-innovation": dict(
        name="Centre for Process Innovation (CPI)",
        kind="research",
        sector="Advanced manufacturing",
        town="Redcar",
        postcode="TS10 4RF",
        website="https://www.uk-cpi.com/",
        focal_areas=["materials-chemistry"],
        capabilities="process scale-up, formulation, pilot plant, scale-up",
        description="Technology innovation centre in the North East that helps companies "
        "scale up processes and formulated products.",
    ),
}

# Assets in load order (a parent comes before its children).
ASSETS = [
    dict(
        slug="materials-innovation-factory",
        name="Materials Innovation Factory",
        kind="facility",
        host="university-of-liverpool",
        focal_areas=["materials-chemistry"],
        access_models=["open-access", "collaborative-rd", "contract-research"],
        capabilities="materials chemistry, robotics, high-throughput formulation, "
        "automated chemistry, NMR, mass spectrometry, electron microscopy",
        summary="An 11,600 m2 materials chemistry research facility opened in 2018 with "
        "Unilever, with open access to equipment and technicians.",
        description="The Materials Innovation Factory (MIF) brings together academic and "
        "industrial researchers to discover new materials. It houses one of the largest "
        "concentrations of materials-chemistry robotics in the world, including a mobile "
        "robot scientist, alongside high-throughput formulation and characterisation.\n\n"
        "Businesses can use equipment and technician time through the open access scheme, "
        "or work with the university on collaborative or contract projects.",
        eligibility="Open to academic and industrial users; open access is fee-based.",
        address="Crown Street",
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        website="https://www.liverpool.ac.uk/materials-innovation-factory/",
        featured=True,
    ),
    dict(
        slug="mif-mobile-robot-scientist",
        name="Mobile robot scientist",
        kind="equipment",
        host="university-of-liverpool",
        parent="materials-innovation-factory",
        focal_areas=["materials-chemistry", "hpc-cognitive-computing"],
        access_models=["collaborative-rd"],
        capabilities="autonomous experimentation, robotics, photocatalysis, "
        "automated chemistry, machine learning",
        summary="A mobile robot that moves around a standard laboratory and runs chemistry "
        "experiments autonomously, choosing what to try next.",
        description="Developed at the Materials Innovation Factory, the robot uses the same "
        "instruments as human researchers and searches large experimental spaces day and "
        "night.",
        eligibility="Through collaborative research projects with the University of Liverpool.",
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        manufacturer="University of Liverpool (custom)",
    ),
    dict(
        slug="mif-analytical-suite",
        name="MIF analytical suite: NMR, mass spectrometry and electron microscopy",
        kind="equipment",
        host="university-of-liverpool",
        parent="materials-innovation-factory",
        focal_areas=["materials-chemistry"],
        access_models=["open-access", "contract-research"],
        capabilities="NMR, mass spectrometry, electron microscopy, materials characterisation, "
        "high-throughput formulation",
        summary="Characterisation instruments for materials and formulations, bookable with "
        "technician support.",
        description="Nuclear magnetic resonance, mass spectrometry and electron microscopy "
        "for analysing new materials and formulated products.",
        eligibility="Fee-based open access; training or technician operation required.",
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        training_required=True,
    ),
    dict(
        slug="sci-tech-daresbury",
        name="Sci-Tech Daresbury campus",
        kind="facility",
        host="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        access_models=["tenancy", "collaborative-rd"],
        capabilities="office space, laboratory space, accelerator science, enterprise zone",
        summary="A science and innovation campus and Enterprise Zone in Halton, home to "
        "Daresbury Laboratory, the Cockcroft Institute and the Hartree Centre.",
        description="Sci-Tech Daresbury combines national laboratories with space for "
        "growing companies in the Innovation Centre and Vanguard House. The Cockcroft "
        "Institute on the campus leads research in accelerator science.",
        eligibility="Tenancy for technology businesses of every size.",
        address="Keckwick Lane",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.344100",
        longitude="-2.641200",
        website="https://sci-techdaresbury.com/",
        featured=True,
    ),
    dict(
        slug="daresbury-laboratory",
        name="Daresbury Laboratory",
        kind="facility",
        host="stfc",
        parent="sci-tech-daresbury",
        focal_areas=["materials-chemistry", "hpc-cognitive-computing"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="accelerator science, scientific computing, detector development, engineering",
        summary="STFC's national laboratory at Sci-Tech Daresbury, working on accelerator "
        "science, scientific computing and engineering.",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343600",
        longitude="-2.640200",
        website="https://www.ukri.org/who-we-are/stfc/",
    ),
    dict(
        slug="daresbury-innovation-centre",
        name="Innovation Centre and Vanguard House",
        kind="facility",
        host="sci-tech-daresbury",
        parent="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        access_models=["tenancy"],
        capabilities="office space, laboratory space, business support, hot-desking",
        summary="Offices and labs for start-ups and growing technology companies on the "
        "Sci-Tech Daresbury campus.",
        town="Daresbury",
        postcode="WA4 4FS",
        latitude="53.344600",
        longitude="-2.642200",
    ),
    dict(
        slug="hartree-centre",
        name="Hartree Centre",
        kind="centre",
        host="stfc",
        parent="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["free-sme-support", "collaborative-rd", "contract-research"],
        capabilities="high performance computing, supercomputing, data analytics, "
        "artificial intelligence, machine learning, visualisation, quantum computing, "
        "simulation",
        summary="STFC's centre for supercomputing, data analytics and AI, founded in 2012 "
        "with IBM, helping businesses adopt digital technologies.",
        description="The Hartree Centre gives industry access to high performance computing, "
        "data analytics, artificial intelligence, visualisation and quantum computing, "
        "with experts who work alongside your team. It runs collaborative and contract "
        "projects as well as free support for SMEs.",
        eligibility="Free SME support for eligible small and medium-sized businesses; "
        "collaborative and contract projects for organisations of any size.",
        address="Sci-Tech Daresbury, Keckwick Lane",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343400",
        longitude="-2.639500",
        website="https://www.hartree.stfc.ac.uk/",
        featured=True,
    ),
    dict(
        slug="hartree-sme-support",
        name="Hartree Centre SME support",
        kind="programme",
        host="stfc",
        parent="hartree-centre",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["free-sme-support"],
        capabilities="data analytics, artificial intelligence, high performance computing, "
        "digital adoption, training",
        summary="Free help for SMEs, from short engagements and assists of about 12 hours "
        "to projects of one to three months.",
        description="SMEs can start with an engagement to explore what digital technologies "
        "could do for them, take an assist of about 12 hours of expert time, or run a "
        "project of one to three months with Hartree Centre specialists.",
        eligibility="Small and medium-sized businesses; eligibility depends on the "
        "funding programme running at the time.",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343400",
        longitude="-2.639500",
    ),
    dict(
        slug="virtual-engineering-centre",
        name="Virtual Engineering Centre",
        kind="centre",
        host="university-of-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="digital engineering, simulation, virtual reality, digital twins, "
        "visualisation",
        summary="The University of Liverpool's centre for digital engineering, simulation "
        "and virtual reality, based in the Hartree Centre building.",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343300",
        longitude="-2.639700",
        website="https://www.liverpool.ac.uk/virtual-engineering-centre/",
    ),
    dict(
        slug="sensor-city",
        name="Sensor City",
        kind="facility",
        host="university-of-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["tenancy", "open-access"],
        capabilities="sensors, 3D printing, laser cutting, electronics prototyping, "
        "mechanical prototyping, internet of things",
        summary="A University Enterprise Zone for sensor technology opened in 2017 by the "
        "University of Liverpool and LJMU, with prototyping labs and space for start-ups.",
        description="Sensor City offers 3D printing, laser cutting, electronics prototyping "
        "and a mechanical lab, with tenancy and hot-desking for businesses developing "
        "sensor products.",
        address="Copperas Hill",
        town="Liverpool",
        postcode="L3 5LE",
        latitude="53.407300",
        longitude="-2.976500",
    ),
    dict(
        slug="digital-innovation-facility",
        name="Digital Innovation Facility",
        kind="facility",
        host="university-of-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["collaborative-rd", "open-access"],
        capabilities="mixed reality, virtual reality, immersive technology, visualisation, "
        "robotics",
        summary="University of Liverpool facility with mixed-reality and immersive labs "
        "for research with industry.",
        town="Liverpool",
        postcode="L69 3RF",
        latitude="53.406000",
        longitude="-2.966000",
    ),
    dict(
        slug="lstm-laboratories",
        name="Liverpool School of Tropical Medicine laboratories",
        kind="centre",
        host="lstm",
        focal_areas=["infection"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="infectious diseases, vector control, diagnostics, vaccines, "
        "drug discovery, clinical trials",
        summary="LSTM's research laboratories for tropical and infectious diseases, from "
        "vector biology to diagnostics and clinical research.",
        address="Pembroke Place",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        website="https://www.lstmed.ac.uk/",
        featured=True,
    ),
    dict(
        slug="ceidr",
        name="Centre of Excellence in Infectious Diseases Research",
        kind="centre",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="Category III laboratories, containment labs, infectious diseases, "
        "pathogen research, assay development",
        summary="Shared research centre of LSTM and the University of Liverpool, with "
        "Category III containment laboratories.",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409000",
        longitude="-2.968500",
    ),
    dict(
        slug="iicon",
        name="Infection Innovation Consortium (iiCON)",
        kind="programme",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        access_models=["open-access", "collaborative-rd", "contract-research"],
        capabilities="vaccines, diagnostics, therapeutics, antimicrobials, clinical "
        "trials, assay development",
        summary="A consortium led by LSTM with open-access platforms that help companies "
        "develop vaccines, diagnostics and therapeutics for infectious diseases.",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        website="https://iicon.org.uk/",
        featured=True,
    ),
    dict(
        slug="lite",
        name="Liverpool Insect Testing Establishment (LITE)",
        kind="facility",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        access_models=["contract-research"],
        capabilities="insecticide testing, GLP insectaries, WHO bioassays, mosquito "
        "strains, vector control",
        summary="GLP-compliant insectaries that test vector-control products against "
        "characterised mosquito strains using WHO bioassays.",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        eligibility="Contract testing for companies developing insecticides, bed nets and "
        "other vector-control products.",
    ),
    dict(
        slug="noc-liverpool",
        name="National Oceanography Centre, Liverpool",
        kind="centre",
        host="national-oceanography-centre",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["collaborative-rd", "contract-research", "open-data"],
        capabilities="tides, sea level, storm surge modelling, coastal modelling, "
        "ocean data, environmental monitoring",
        summary="NOC's Liverpool site: world-leading tide, sea-level and storm-surge "
        "modelling, and national marine data services.",
        address="6 Brownlow Street",
        town="Liverpool",
        postcode="L3 5DA",
        latitude="53.406600",
        longitude="-2.966200",
        website="https://noc.ac.uk/",
    ),
    dict(
        slug="national-tidal-and-sea-level-facility",
        name="National Tidal and Sea Level Facility",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["open-data"],
        capabilities="tide gauges, sea level data, tidal predictions, storm surge",
        summary="Runs the UK's network of tide gauges and provides sea-level data and "
        "tidal predictions.",
        town="Liverpool",
        postcode="L3 5DA",
        latitude="53.406600",
        longitude="-2.966200",
        website="https://ntslf.org/",
    ),
    dict(
        slug="psmsl",
        name="Permanent Service for Mean Sea Level",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["open-data"],
        capabilities="sea level data, climate data, open data",
        summary="The global data bank for long-term sea-level change from tide gauges, "
        "free to use.",
        town="Liverpool",
        postcode="L3 5DA",
        latitude="53.406600",
        longitude="-2.966200",
        website="https://psmsl.org/",
    ),
    dict(
        slug="bodc",
        name="British Oceanographic Data Centre",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["open-data"],
        capabilities="ocean data, marine data management, open data",
        summary="National facility that looks after and distributes marine data, much of "
        "it openly available.",
        town="Liverpool",
        postcode="L3 5DA",
        latitude="53.406600",
        longitude="-2.966200",
        website="https://www.bodc.ac.uk/",
    ),
    dict(
        slug="unilever-advanced-manufacturing-centre",
        name="Unilever Advanced Manufacturing Centre",
        kind="facility",
        host="unilever",
        focal_areas=["materials-chemistry"],
        access_models=["collaborative-rd"],
        capabilities="pilot plant, scale-up, formulation, personal care, home care, "
        "process engineering",
        summary="A 6,500 m2 pilot plant at Port Sunlight for personal and home care "
        "products at factory scale, open to industrial and academic partners.",
        town="Port Sunlight, Wirral",
        postcode="CH62 4ZD",
        latitude="53.353000",
        longitude="-2.995000",
        featured=True,
    ),
    dict(
        slug="glass-futures-furnace",
        name="Glass Futures experimental furnace",
        kind="facility",
        host="glass-futures",
        focal_areas=["materials-chemistry"],
        access_models=["membership", "open-access"],
        capabilities="glass melting, furnace trials, decarbonisation, low-carbon fuels, "
        "materials testing",
        summary="An openly accessible experimental glass furnace in St Helens for trials "
        "of new fuels, materials and processes.",
        town="St Helens",
        postcode="WA9 3SU",
        latitude="53.440000",
        longitude="-2.752000",
        website="https://www.glass-futures.org/",
        eligibility="Members and other partners from industry and academia.",
    ),
    dict(
        slug="knowledge-quarter-liverpool",
        name="Knowledge Quarter Liverpool",
        kind="programme",
        host="knowledge-quarter-liverpool",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        access_models=["tenancy", "membership"],
        capabilities="innovation district, office space, laboratory space, networking",
        summary="Liverpool's innovation district around the universities and hospitals, "
        "including Liverpool Science Park and Paddington Village.",
        town="Liverpool",
        postcode="L3 5TF",
        latitude="53.406000",
        longitude="-2.969000",
        website="https://www.kqliverpool.co.uk/",
    ),
    dict(
        slug="liverpool-science-park",
        name="Liverpool Science Park",
        kind="facility",
        host="knowledge-quarter-liverpool",
        parent="knowledge-quarter-liverpool",
        focal_areas=["hpc-cognitive-computing", "infection"],
        access_models=["tenancy"],
        capabilities="office space, laboratory space, hot-desking, business support",
        summary="Offices, labs and hot desks for science and technology businesses in the "
        "Knowledge Quarter.",
        address="131 Mount Pleasant",
        town="Liverpool",
        postcode="L3 5TF",
        latitude="53.406700",
        longitude="-2.972000",
    ),
    dict(
        slug="henry-royce-institute",
        name="Henry Royce Institute",
        kind="centre",
        host="henry-royce-institute",
        focal_areas=["materials-chemistry"],
        access_models=["open-access", "collaborative-rd"],
        capabilities="advanced materials, materials characterisation, materials "
        "processing, thin films, 2D materials",
        summary="The national institute for advanced materials, with its hub in "
        "Manchester and equipment open to industry.",
        town="Manchester",
        postcode="M13 9PL",
        latitude="53.468500",
        longitude="-2.233000",
        website="https://www.royce.ac.uk/",
    ),
    dict(
        slug="centre-for-process-innovation",
        name="Centre for Process Innovation",
        kind="centre",
        host="centre-for-process-innovation",
        focal_areas=["materials-chemistry"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="process scale-up, formulation, pilot plant, process engineering, "
        "high-throughput formulation",
        summary="A North East technology innovation centre that helps companies prove and "
        "scale up processes and formulated products.",
        town="Redcar",
        postcode="TS10 4RF",
        latitude="54.582000",
        longitude="-1.118000",
        website="https://www.uk-cpi.com/",
    ),
]

# Demo data (seed_lcr --demo): fictional businesses and opportunities, marked is_demo.
DEMO_ORGANISATIONS = {
    "demo-mersey-coatings": dict(
        name="Mersey Coatings (demo)",
        kind="sme",
        size_band="small",
        sector="Chemicals and materials",
        town="Runcorn",
        postcode="WA7 1AA",
        focal_areas=["materials-chemistry"],
        capabilities="coatings, formulation, polymer chemistry",
        description="Demo organisation. A fictional maker of industrial coatings looking "
        "for faster formulation testing.",
    ),
    "demo-wirral-diagnostics": dict(
        name="Wirral Diagnostics (demo)",
        kind="sme",
        size_band="micro",
        sector="Health and life sciences",
        town="Birkenhead",
        postcode="CH41 1AA",
        focal_areas=["infection"],
        capabilities="diagnostics, lateral flow tests, assay development",
        description="Demo organisation. A fictional start-up developing rapid tests for "
        "infections.",
    ),
    "demo-halton-analytics": dict(
        name="Halton Analytics (demo)",
        kind="sme",
        size_band="small",
        sector="Digital and creative",
        town="Widnes",
        postcode="WA8 1AA",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="machine learning, data analytics, software development",
        description="Demo organisation. A fictional data science consultancy offering "
        "machine-learning projects.",
    ),
    "demo-formulate-north": dict(
        name="Formulate North (demo)",
        kind="sme",
        size_band="small",
        sector="Chemicals and materials",
        town="Liverpool",
        postcode="L3 4AA",
        focal_areas=["materials-chemistry"],
        capabilities="formulation, high-throughput formulation, personal care, scale-up",
        description="Demo organisation. A fictional formulation consultancy for personal "
        "care brands.",
    ),
    "demo-vectorshield": dict(
        name="VectorShield (demo)",
        kind="sme",
        size_band="micro",
        sector="Health and life sciences",
        town="Liverpool",
        postcode="L7 8AA",
        focal_areas=["infection"],
        capabilities="vector control, insecticide testing, bed nets",
        description="Demo organisation. A fictional developer of insecticide-treated materials.",
    ),
    "demo-quantum-dock": dict(
        name="Quantum Dock (demo)",
        kind="sme",
        size_band="micro",
        sector="Digital and creative",
        town="Warrington",
        postcode="WA1 1AA",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="quantum computing, simulation, high performance computing",
        description="Demo organisation. A fictional start-up writing quantum algorithms "
        "for chemistry.",
    ),
    "demo-coastal-insight": dict(
        name="Coastal Insight (demo)",
        kind="sme",
        size_band="small",
        sector="Maritime and ports",
        town="Bootle",
        postcode="L20 1AA",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="ocean data, sea level data, environmental monitoring, coastal modelling",
        description="Demo organisation. A fictional marine data company serving ports.",
    ),
    "demo-bioassay-labs": dict(
        name="BioAssay Labs (demo)",
        kind="sme",
        size_band="small",
        sector="Health and life sciences",
        town="Speke",
        postcode="L24 1AA",
        focal_areas=["infection"],
        capabilities="assay development, antimicrobials, microbiology",
        description="Demo organisation. A fictional contract laboratory for infection assays.",
    ),
    "demo-proto-works": dict(
        name="Proto Works (demo)",
        kind="sme",
        size_band="micro",
        sector="Advanced manufacturing",
        town="Liverpool",
        postcode="L1 1AA",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="3d printing, electronics prototyping, sensors",
        description="Demo organisation. A fictional product design studio for connected devices.",
    ),
    "demo-glassworks-innovations": dict(
        name="Glassworks Innovations (demo)",
        kind="sme",
        size_band="medium",
        sector="Advanced manufacturing",
        town="St Helens",
        postcode="WA10 1AA",
        focal_areas=["materials-chemistry"],
        capabilities="glass melting, decarbonisation, furnace trials",
        description="Demo organisation. A fictional container-glass maker cutting its emissions.",
    ),
    "demo-immersexr": dict(
        name="ImmerseXR (demo)",
        kind="sme",
        size_band="micro",
        sector="Digital and creative",
        town="Liverpool",
        postcode="L3 9AA",
        focal_areas=["hpc-cognitive-computing"],
        capabilities="virtual reality, mixed reality, visualisation",
        description="Demo organisation. A fictional studio building VR training.",
    ),
    "demo-mersey-vaccines": dict(
        name="Mersey Vaccines (demo)",
        kind="sme",
        size_band="small",
        sector="Health and life sciences",
        town="Liverpool",
        postcode="L7 9AA",
        focal_areas=["infection"],
        capabilities="vaccines, clinical trials, biologics",
        description="Demo organisation. A fictional vaccine developer preparing trials.",
    ),
}

DEMO_OPPORTUNITIES = [
    dict(
        slug="demo-partner-for-high-throughput-coatings-testing",
        title="Partner wanted for high-throughput coatings testing",
        kind="partner_search",
        organisation="demo-mersey-coatings",
        focal_areas=["materials-chemistry"],
        keywords="high-throughput formulation, coatings, robotics",
        related_assets=["materials-innovation-factory"],
        summary="We need a partner with robotic formulation to screen 500 coating recipes.",
        deadline_days=45,
    ),
    dict(
        slug="demo-machine-learning-for-manufacturing-data",
        title="Machine learning for manufacturing data",
        kind="capability_offer",
        organisation="demo-halton-analytics",
        focal_areas=["hpc-cognitive-computing"],
        keywords="machine learning, data analytics",
        related_assets=[],
        summary="We can help manufacturers turn process data into predictive models.",
        deadline_days=90,
    ),
    dict(
        slug="demo-validating-a-rapid-test-for-malaria",
        title="Validating a rapid test for malaria",
        kind="challenge",
        organisation="demo-wirral-diagnostics",
        focal_areas=["infection"],
        keywords="diagnostics, assay development, clinical trials",
        related_assets=["iicon"],
        summary="We are looking for clinical and laboratory partners to validate a "
        "lateral flow test.",
        deadline_days=30,
    ),
    dict(
        slug="demo-sme-digital-adoption-call",
        title="SME digital adoption call",
        kind="funding_call",
        organisation="demo-halton-analytics",
        focal_areas=["hpc-cognitive-computing"],
        keywords="digital adoption, artificial intelligence",
        related_assets=["hartree-sme-support"],
        summary="A fictional call for SMEs to pilot AI in their operations.",
        deadline_days=21,
    ),
    dict(
        slug="demo-materials-open-day",
        title="Materials chemistry open day",
        kind="event",
        organisation="demo-mersey-coatings",
        focal_areas=["materials-chemistry"],
        keywords="materials chemistry, networking",
        related_assets=["materials-innovation-factory"],
        summary="A fictional open day for businesses curious about materials robotics.",
        event_days=14,
        venue="materials-innovation-factory",
        location="Materials Innovation Factory, Liverpool",
    ),
]
