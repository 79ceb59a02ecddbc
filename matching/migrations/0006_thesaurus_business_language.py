"""The seed thesaurus rewritten for business language (issue 14, December 2026).

Sets seeded by 0003 that the new seed file (``matching/thesaurus.txt``) changes or drops
are removed, but only where curators left them as seeded; then every seed set the
portal lacks is added. Sets curators wrote or edited stay as they are. A portal
seeded from the new file already (a new one) has nothing to change.
"""

from django.db import migrations

# The 0003 seed sets the new seed file no longer has: (phrases, broader first).
RETIRED = [
    (
        (
            "chemical analysis",
            "analytical chemistry",
            "analytical services",
            "lab analysis",
            "chemical testing",
        ),
        False,
    ),
    (
        (
            "formulation",
            "formulating",
            "formulated products",
            "product formulation",
            "recipe development",
        ),
        False,
    ),
    (
        (
            "automated chemistry",
            "laboratory automation",
            "lab automation",
            "robotic chemistry",
            "self-driving lab",
            "autonomous laboratory",
        ),
        False,
    ),
    (("robotics", "robots", "robotic", "automation", "cobots"), False),
    (("corrosion", "rust", "anti-corrosion", "corrosion protection"), False),
    (("polymers", "biopolymers", "bioplastics", "composites"), True),
    (("composites", "composite materials", "carbon fibre", "fibre reinforced"), False),
    (
        (
            "sustainable packaging",
            "recyclable packaging",
            "compostable packaging",
            "packaging materials",
        ),
        False,
    ),
    (("packaging", "containers", "bottles", "pack design"), False),
    (
        (
            "chemical synthesis",
            "synthesis",
            "organic synthesis",
            "custom synthesis",
            "making molecules",
        ),
        False,
    ),
    (
        (
            "scale-up",
            "scale up",
            "scaling up",
            "process scale-up",
            "industrial scale",
            "pilot scale",
            "larger batches",
        ),
        False,
    ),
    (
        ("pilot plant", "pilot line", "demonstration plant", "pilot facility", "trial production"),
        False,
    ),
    (
        (
            "personal care",
            "cosmetics",
            "beauty products",
            "toiletries",
            "shampoo",
            "skin care",
            "hair care",
        ),
        False,
    ),
    (
        ("home care", "household products", "cleaning products", "detergents", "laundry products"),
        False,
    ),
    (("glass melting", "glass furnace", "melting glass", "furnace"), False),
    (("metals processing", "metallurgy", "metal processing", "alloys", "steel", "casting"), False),
    (
        (
            "advanced materials",
            "functional materials",
            "smart materials",
            "nanomaterials",
            "2d materials",
        ),
        False,
    ),
    (("batteries", "battery", "energy storage", "electrochemical storage", "lithium-ion"), False),
    (("batteries", "battery materials", "battery testing", "cell chemistry"), True),
    (("fuel cells", "hydrogen fuel cells", "electrolysers"), False),
    (("thermoelectric", "thermoelectrics", "waste heat recovery", "heat to electricity"), False),
    (("renewable energy", "solar energy", "wind energy", "tidal energy", "hydrogen"), True),
    (
        (
            "sustainable fuels",
            "low carbon fuels",
            "biofuels",
            "e-fuels",
            "synthetic fuels",
            "green fuels",
        ),
        False,
    ),
    (("hydrogen", "hydrogen firing", "green hydrogen", "hydrogen fuel", "h2"), False),
    (
        ("quality control", "qc testing", "quality assurance", "product testing", "batch testing"),
        False,
    ),
    (("product testing", "testing products", "consumer testing", "performance testing"), False),
    (
        (
            "chemicals",
            "chemical industry",
            "chemical manufacturing",
            "speciality chemicals",
            "fine chemicals",
        ),
        False,
    ),
    (
        (
            "water treatment",
            "wastewater treatment",
            "effluent treatment",
            "effluent",
            "sewage treatment",
            "water purification",
            "trade effluent",
        ),
        False,
    ),
    (("water quality", "water testing", "water monitoring", "drinking water"), False),
    (("pollution", "contamination", "emissions", "pollutants"), False),
    (("odour", "smell", "odour control", "malodour"), False),
    (("filtration", "membranes", "separation", "filters"), False),
    (("separation", "purification", "extraction", "distillation"), False),
    (("textiles", "fabrics", "fibres", "clothing materials"), False),
    (
        ("food science", "food technology", "food processing", "food manufacturing", "ingredients"),
        False,
    ),
    (("agritech", "agriculture", "farming", "crop science", "agri-food"), False),
    (
        ("biotechnology", "biotech", "industrial biotechnology", "bioprocessing", "fermentation"),
        False,
    ),
    (
        (
            "infectious diseases",
            "tropical diseases",
            "malaria",
            "tuberculosis",
            "sepsis",
            "hiv",
            "dengue",
            "covid-19",
            "respiratory infections",
        ),
        True,
    ),
    (("malaria", "plasmodium", "antimalarial"), False),
    (
        (
            "vector control",
            "vector management",
            "mosquito control",
            "insect control",
            "pest control",
        ),
        False,
    ),
    (("insecticides", "insecticide", "pesticides", "biocides", "insect killers"), False),
    (
        (
            "antimicrobial coatings",
            "antimicrobial surfaces",
            "antibacterial surfaces",
            "self-disinfecting surfaces",
        ),
        False,
    ),
    (
        (
            "infection prevention control",
            "infection control",
            "infection prevention",
            "hospital hygiene",
            "ipc",
        ),
        False,
    ),
    (
        (
            "disinfection",
            "sterilisation",
            "sanitisation",
            "decontamination",
            "disinfectants",
            "hygiene products",
        ),
        False,
    ),
    (("hygiene", "cleanliness", "hand hygiene", "sanitary"), False),
    (("biomarkers", "biomarker", "markers", "biomarker discovery"), False),
    (
        (
            "clinical trials",
            "clinical studies",
            "clinical research",
            "clinical evaluation",
            "human trials",
            "patient studies",
        ),
        False,
    ),
    (
        (
            "clinical trials",
            "phase i",
            "phase ii",
            "phase iii",
            "first in human",
            "controlled human infection",
        ),
        True,
    ),
    (
        ("clinical validation", "validation study", "performance evaluation", "clinical evidence"),
        False,
    ),
    (("therapeutics", "treatments", "drugs", "medicines", "drug candidates", "therapies"), False),
    (
        (
            "safety assessment",
            "toxicology",
            "toxicity testing",
            "tox studies",
            "toxicological",
            "safety testing",
            "hazard assessment",
        ),
        False,
    ),
    (
        (
            "regulatory approval",
            "regulatory",
            "regulatory submission",
            "ce marking",
            "ukca",
            "mhra",
            "fda",
            "compliance",
        ),
        False,
    ),
    (("healthcare", "health care", "nhs", "hospitals", "patient care"), False),
    (("public health", "population health", "epidemiology", "health surveillance"), False),
    (("virology", "viruses", "viral", "virus"), False),
    (("laboratory space", "lab space", "wet lab", "laboratory", "labs", "bench space"), False),
    (
        (
            "genomics",
            "sequencing",
            "genome sequencing",
            "dna sequencing",
            "next generation sequencing",
            "ngs",
        ),
        False,
    ),
    (("wound care", "wound healing", "dressings", "chronic wounds"), False),
    (("one health", "animal health", "veterinary", "zoonotic diseases"), False),
    (("water-borne diseases", "waterborne infection", "sanitation", "wash"), False),
    (("health economics", "cost effectiveness", "value evidence", "market access"), False),
    (
        (
            "high performance computing",
            "hpc",
            "supercomputing",
            "supercomputer",
            "compute clusters",
            "parallel computing",
        ),
        False,
    ),
    (("computational fluid dynamics", "cfd", "flow simulation", "aerodynamics modelling"), False),
    (("finite element analysis", "fea", "structural analysis", "stress analysis"), False),
    (("digital twin", "digital twins", "virtual replica", "virtual copy", "virtual model"), False),
    (
        (
            "machine learning",
            "ml",
            "predictive models",
            "predictive analytics",
            "statistical learning",
            "learning algorithms",
        ),
        False,
    ),
    (("generative ai", "large language models", "llms", "chatgpt", "genai"), False),
    (
        (
            "computer vision",
            "machine vision",
            "image analysis",
            "image recognition",
            "image processing",
            "visual inspection",
            "camera inspection",
        ),
        False,
    ),
    (
        (
            "data analytics",
            "data analysis",
            "analytics",
            "data science",
            "big data",
            "business intelligence",
        ),
        False,
    ),
    (("data science", "data scientists", "statistics", "statistical analysis"), False),
    (
        (
            "data engineering",
            "data pipelines",
            "data integration",
            "data platforms",
            "data warehouse",
        ),
        False,
    ),
    (
        (
            "predictive maintenance",
            "condition monitoring",
            "fault prediction",
            "machine health",
            "downtime prediction",
            "line stoppages",
        ),
        False,
    ),
    (("sensors", "sensor", "sensing", "sensor networks", "monitoring devices", "detectors"), False),
    (("internet of things", "iot", "connected devices", "smart sensors", "telemetry"), False),
    (
        (
            "software development",
            "software engineering",
            "app development",
            "programming",
            "coding",
            "bespoke software",
        ),
        False,
    ),
    (("cloud computing", "cloud", "cloud services", "cloud hosting", "aws", "azure"), False),
    (
        (
            "quantum computing",
            "quantum computers",
            "quantum algorithms",
            "quantum technologies",
            "quantum",
        ),
        False,
    ),
    (
        ("visualisation", "visualization", "data visualisation", "3d visualisation", "dashboards"),
        False,
    ),
    (("mixed reality", "augmented reality", "immersive experiences"), False),
    (("virtual reality", "training simulators", "immersive training", "virtual training"), True),
    (
        (
            "digital adoption",
            "digitalisation",
            "digital transformation",
            "going digital",
            "digital skills",
        ),
        False,
    ),
    (
        ("optimisation", "optimization", "operations research", "scheduling", "route optimisation"),
        False,
    ),
    (("forecasting", "prediction", "predictive modelling", "demand forecasting"), False),
    (
        (
            "accelerator science",
            "particle accelerators",
            "accelerators",
            "beamlines",
            "synchrotron",
        ),
        False,
    ),
    (("detectors", "detector development", "instrumentation", "scientific instruments"), False),
    (("space", "satellites", "earth observation", "space technology"), False),
    (("geospatial", "gis", "mapping", "spatial data", "location data"), False),
    (("5g", "telecoms", "wireless networks", "connectivity"), False),
    (("speech recognition", "voice recognition", "voice interfaces", "chatbots"), False),
    (("robotic systems", "autonomous systems", "autonomous vehicles", "drones", "uavs"), False),
    (("drones", "uav", "unmanned aerial vehicles", "aerial surveys"), False),
    (
        (
            "net zero",
            "net-zero",
            "decarbonisation",
            "decarbonization",
            "carbon reduction",
            "low carbon",
            "zero carbon",
            "carbon neutral",
            "cutting emissions",
        ),
        False,
    ),
    (
        (
            "carbon footprint",
            "carbon accounting",
            "emissions reporting",
            "life cycle assessment",
            "lca",
            "scope 3",
        ),
        False,
    ),
    (
        (
            "life cycle assessment",
            "lifecycle analysis",
            "environmental impact assessment",
            "sustainability assessment",
        ),
        False,
    ),
    (
        (
            "energy efficiency",
            "energy saving",
            "reducing energy use",
            "energy management",
            "energy audit",
        ),
        False,
    ),
    (("electrification", "electric heating", "heat pumps", "electric vehicles"), False),
    (("heat", "heating", "heat networks", "district heating", "industrial heat"), False),
    (("sustainability", "sustainable", "environmental", "green", "eco-friendly", "esg"), False),
    (("maritime", "shipping", "marine", "harbour", "harbours", "shipping industry"), False),
    (
        (
            "net-zero-maritime",
            "maritime decarbonisation",
            "green shipping",
            "clean maritime",
            "zero emission shipping",
        ),
        False,
    ),
    (("ocean", "oceans", "oceanography", "marine science", "sea"), False),
    (("sea level", "sea levels", "sea level rise", "mean sea level"), False),
    (("tides", "tidal", "tidal predictions", "tide tables", "tidal prediction"), False),
    (
        (
            "storm surge",
            "storm surges",
            "coastal flooding",
            "surge",
            "flood warning",
            "sea flooding",
        ),
        False,
    ),
    (("flood risk", "flooding", "flood modelling", "flood resilience"), False),
    (
        ("climate", "climate change", "climate adaptation", "climate resilience", "climate risk"),
        False,
    ),
    (("weather", "meteorology", "weather forecasting", "met data"), False),
    (("offshore wind", "wind farms", "offshore renewables", "wind energy"), False),
    (("biodiversity", "ecology", "habitats", "nature recovery", "ecosystems"), False),
    (("waste", "waste management", "waste reduction", "landfill", "waste streams"), False),
    (
        (
            "machine learning",
            "predictive maintenance",
            "anomaly detection",
            "defect detection",
            "demand forecasting",
        ),
        True,
    ),
    (
        (
            "data analytics",
            "predictive maintenance",
            "process monitoring",
            "anomaly detection",
            "forecasting",
        ),
        True,
    ),
    (("recommendation systems", "recommender", "personalisation"), False),
    (("anomaly detection", "outlier detection", "fault detection", "defect detection"), False),
    (
        ("defect detection", "quality inspection", "visual inspection", "automated inspection"),
        False,
    ),
    (("supply chain", "logistics", "supply chains", "procurement", "distribution"), False),
    (("logistics", "freight", "warehousing", "transport", "haulage"), True),
    (("transport", "mobility", "transportation", "vehicles"), False),
    (("automotive", "cars", "vehicles", "automotive industry"), False),
    (("nuclear", "nuclear energy", "nuclear engineering", "decommissioning"), False),
    (("energy", "power", "electricity", "energy systems"), False),
    (("smart grids", "energy networks", "grid", "power networks"), False),
    (("construction", "buildings", "built environment", "construction industry"), False),
    (("retrofit", "building retrofit", "insulation", "building energy"), False),
    (("skills", "upskilling", "workforce development", "staff training"), False),
    (("training", "immersive training", "apprenticeships", "cpd"), True),
    (("funding", "grants", "grant funding", "innovate uk", "grant finance"), False),
    (("consultancy", "consulting", "advice", "expert advice", "technical advice"), False),
    (("intellectual property", "ip", "patents", "licensing"), False),
    (("spin-out", "spinout", "start-up", "startup", "new venture"), False),
    (
        ("sme support", "business support", "free sme support", "help for smes", "business advice"),
        False,
    ),
    (
        ("innovation", "r&d", "research and development", "new product development", "innovate"),
        False,
    ),
    (
        (
            "incubation",
            "incubator",
            "business incubation",
            "accelerator programme",
            "start-up support",
        ),
        False,
    ),
    (("office space", "offices", "workspace", "co-working", "desk space", "tenancy"), False),
    (("equipment", "instruments", "kit", "apparatus", "machinery"), False),
    (("calibration", "metrology", "measurement", "measurement science"), False),
    (("networking", "meetups", "networking events"), False),
    (("university", "universities", "academic", "academia", "higher education"), False),
    (("medical imaging", "imaging", "scans", "radiology", "mri", "ct scans"), False),
    (("image analysis", "image data", "microscopy image analysis", "image quantification"), False),
    (("biology", "life sciences", "biosciences", "biomedical"), False),
    (("animal testing alternatives", "3rs", "non-animal methods", "in silico testing"), False),
]


def key(phrases, broader_first):
    return (tuple(p.strip().lower() for p in phrases if p.strip()), bool(broader_first))


def update_seed(apps, schema_editor):
    from matching.thesaurus import seed_sets

    ThesaurusSet = apps.get_model("matching", "ThesaurusSet")
    retired = {key(p, h) for p, h in RETIRED}
    present = {}
    for row in ThesaurusSet.objects.all():
        present[key(row.phrases.splitlines(), row.broader_first)] = row.pk
    ThesaurusSet.objects.filter(pk__in=[pk for k, pk in present.items() if k in retired]).delete()
    ThesaurusSet.objects.bulk_create(
        ThesaurusSet(phrases="\n".join(phrases), broader_first=hierarchical)
        for phrases, hierarchical in seed_sets()
        if key(phrases, hierarchical) not in present
    )


class Migration(migrations.Migration):
    dependencies = [("matching", "0005_corpus")]

    operations = [migrations.RunPython(update_seed, migrations.RunPython.noop)]
