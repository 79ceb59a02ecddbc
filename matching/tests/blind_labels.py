"""A blind labelled set for the matching engine.

Written blind, before any run, by someone who had not seen the matching engine, its
thesaurus or any other labels in this project. The only sources read were
``portal/lcr_dataset.py`` (ASSETS, ORGANISATIONS, FOCAL_AREAS), the design brief and the
opportunity kinds in ``opportunities/models.py``.

``BLIND_ORGANISATIONS`` are fictional businesses and labs, written the way they would
describe themselves on their own profile. Those marked ``"distractor": True`` are outside
the focal areas but use generic words ("testing", "data", "lab", "cleaning", "printing")
that also turn up in business needs.

``BLIND_PROBES`` are new opportunities posted by small businesses outside the dataset,
written in their own words. Each lists every organisation (from ``BLIND_ORGANISATIONS``
and the real ``ORGANISATIONS``) and every real asset a careful broker would introduce.
Labelling rules used:

* relevant means "I would really make this introduction", not "shares a word";
* demo organisations (``DEMO_ORGANISATIONS``) are never labelled: they are fictional and
  only loaded with ``--demo``;
* assets that are archived, drafts or closed are never labelled (``mif-analytical-suite``,
  ``centre-for-materials-discovery``, ``hartree-sme-support``, ``sensor-city``);
* an asset's eligibility and access notes count: a facility a business cannot get into
  is not suggested.
"""

BLIND_ORGANISATIONS = [
    # ------------------------------------------------------------------
    # Materials, chemistry and manufacturing
    # ------------------------------------------------------------------
    dict(
        slug="blind-wirral-polymer-compounds",
        name="Wirral Polymer Compounds Ltd",
        description="We take post-consumer and post-industrial plastic and turn it back "
        "into consistent pellets that moulders can actually run. Most of our output is "
        "recycled PP and HDPE for injection moulders and packaging converters, matched "
        "to the customer's colour and melt flow.",
        capabilities="recycled plastic pellets, PP and HDPE compounding, colour matching, "
        "melt flow testing, mono-material packaging grades",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-greenleaf-packaging",
        name="Greenleaf Packaging Co.",
        description="Plastic-free food packaging, made in Skelmersdale. We design and "
        "supply home-compostable trays, pots and lidding films for fresh and chilled food "
        "producers, and we'll help you get the barrier right so your shelf life doesn't "
        "suffer when you switch.",
        capabilities="compostable trays and pots, bio-based lidding film, food packaging "
        "design, swapping out plastic",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-aqua-effluent-solutions",
        name="AquaClear Effluent Services",
        description="Trade effluent specialists. We sort out waste water from metal "
        "finishing, food and drink and chemical sites: pH correction, metals removal, "
        "settlement tanks and the paperwork with the water company. Free site survey "
        "across the North West.",
        capabilities="effluent treatment, trade effluent consents, pH dosing, heavy "
        "metals removal, waste water plant servicing",
        focal_areas=[],
    ),
    dict(
        slug="blind-runcorn-analytical",
        name="Runcorn Analytical Laboratories",
        description="UKAS-accredited chemistry lab on the Runcorn side of the bridge. We "
        "test water, effluent, soils and chemical raw materials, with most results back "
        "in five working days.",
        capabilities="water and effluent testing, trace metals by ICP, HPLC and GC-MS, "
        "impurity checks, UKAS accredited",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-merseyside-metallurgy",
        name="Merseyside Metallurgical Services",
        description="When a part breaks, we find out why. Independent failure "
        "investigation for engineering firms and insurers: we section, polish and look "
        "at fractures under the microscope and the SEM, check hardness, and tell you "
        "whether the metal was what the supplier said it was.",
        capabilities="failure analysis, fractography, SEM, hardness testing, alloy "
        "verification, expert witness reports",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-ndt-inspection",
        name="Northwest NDT Inspection",
        description="PCN-qualified inspectors for ultrasonic, radiographic, magnetic "
        "particle and dye penetrant inspection. On site or in our bay in Widnes. We find "
        "porosity, cracks and lack of fusion in castings and welds before your customer "
        "does.",
        capabilities="non-destructive testing, X-ray of castings, ultrasonic weld "
        "inspection, dye penetrant",
        focal_areas=[],
    ),
    dict(
        slug="blind-layerforge-am",
        name="LayerForge Additive",
        description="We do 3D printed parts in metal and engineering plastics, from one-off "
        "prototypes to short production runs of a few hundred. Titanium, stainless and "
        "aluminium on our laser powder-bed machines; nylon and TPU for enclosures. We "
        "also machine and finish what we print.",
        capabilities="metal 3D printing, 3D printed plastic parts, prototypes and short "
        "runs, post-machining and finishing",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-formula-kitchen",
        name="The Formula Kitchen",
        description="Contract manufacturer for indie beauty and household brands. We take "
        "your recipe from a bucket in the kitchen to pallets of filled bottles, with "
        "batches from 50 kg to 5 tonnes, and we sort out stability and fill lines too.",
        capabilities="contract manufacturing, shampoos and creams, household cleaning "
        "sprays, batch scale-up, filling and packing",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-halton-process-engineering",
        name="Halton Process Engineering",
        description="Chartered chemical engineers. Mixing, heat transfer and scale-up "
        "problems for chemical, food and personal care plants, plus plant design and "
        "HAZOP studies. If it worked in the lab and misbehaves in the big vessel, call us.",
        capabilities="process scale-up, mixing problems, plant design, HAZOP",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-northern-coatings-lab",
        name="Northern Coatings Lab",
        description="Independent coatings development lab. We formulate and tweak paints, "
        "varnishes and powder coatings for manufacturers who don't have their own "
        "chemists, and we test what we make: adhesion, scrub and abrasion, weathering. "
        "Antimicrobial additives are a growing part of our work.",
        capabilities="paint and powder coating formulation, antimicrobial coatings, "
        "abrasion and scrub testing, accelerated weathering",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-cellvolt-materials",
        name="CellVolt Materials",
        description="Spin-out developing low-cost electrode materials for sodium-ion "
        "batteries. We build pouch cells in-house and are looking for pack makers to "
        "trial them.",
        capabilities="sodium-ion cells, electrode materials, pouch cell builds, cell cycling",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-autolab-integrators",
        name="AutoLab Integrators",
        description="We automate laboratories. Liquid handling, robot arms, dispensing and "
        "weighing stations, scheduled so your lab can run overnight. We've fitted out QC "
        "and R&D labs for paint, food and pharma companies.",
        capabilities="lab automation, robotic dispensing, liquid handling, automated "
        "weighing, integration of lab instruments",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-glassblock-combustion",
        name="Glassblock Combustion Engineering",
        description="Burners, controls and heat recovery for furnaces and kilns. Lately a "
        "lot of our time goes on hydrogen-ready and oxy-fuel burner conversions for glass "
        "and ceramics makers trying to cut gas use.",
        capabilities="furnace burners, hydrogen burner conversion, combustion tuning, "
        "heat recovery",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-textile-finishers",
        name="Pennine Textile Finishers",
        description="Commission finishers for woven and knitted fabrics since 1974. Water "
        "repellent, flame retardant, anti-odour and other functional treatments applied by "
        "the roll, with minimums from 500 metres.",
        capabilities="fabric finishing, water repellent treatments, flame retardant "
        "treatments, functional textile coatings",
        focal_areas=["materials-chemistry"],
    ),
    dict(
        slug="blind-green-solvents",
        name="GreenSolv Consulting",
        description="Green chemistry consultancy. We help formulators get rid of nasty "
        "solvents, find bio-based replacements and keep on the right side of REACH.",
        capabilities="solvent substitution, low-VOC reformulation, REACH dossiers",
        focal_areas=["materials-chemistry"],
    ),
    # ------------------------------------------------------------------
    # Life sciences, infection and health
    # ------------------------------------------------------------------
    dict(
        slug="blind-micro-check-labs",
        name="MicroCheck Laboratories",
        description="Microbiology testing lab in Speke. We test whether antibacterial and "
        "antiviral claims on surfaces, coatings, wipes and disinfectants stand up, to the "
        "ISO and EN methods buyers ask for, and run shelf-life and preservative tests for "
        "food and cosmetics. Environmental swabbing for hospitals and care settings too.",
        capabilities="microbiology testing, antimicrobial surface testing (ISO 22196), "
        "virucidal and disinfectant efficacy, shelf-life studies, environmental swabbing",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-dermatest-clinic",
        name="DermaTest Clinic",
        description="Human volunteer skin testing for cosmetics and toiletries. Patch "
        "tests, repeat-insult tests and in-use trials on our panel of 2,000 volunteers, "
        "run by dermatology nurses, so you can put 'dermatologically tested' on the pack "
        "with a clear conscience.",
        capabilities="skin patch testing, HRIPT, in-use trials on volunteers, "
        "irritation and sensitisation studies",
        focal_areas=[],
    ),
    dict(
        slug="blind-rapidsense-diagnostics",
        name="RapidSense Diagnostics",
        description="We develop and make lateral flow tests for other companies. Assay "
        "development, antibody pairing, strip and cassette manufacture in our ISO 13485 "
        "facility.",
        capabilities="lateral flow test development, contract assay development, "
        "test strip manufacturing, ISO 13485",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-mersey-clinical-research",
        name="Mersey Clinical Research Partners",
        description="A clinical research organisation running phase II-III drug, vaccine "
        "and diagnostic studies at NHS sites in the North West. Patient recruitment, "
        "ethics submissions, monitoring and data management under GCP.",
        capabilities="clinical trial management, patient recruitment, ethics approvals, "
        "diagnostic performance studies, GCP monitoring",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-vectorguard-entomology",
        name="VectorGuard Entomology",
        description="Independent entomologists. We design and run repellent and bite "
        "protection trials, in the lab and in the field in East Africa, and write up the "
        "evidence regulators and retailers want to see.",
        capabilities="repellent trials, bite protection testing, field trials in Africa, "
        "mosquito behaviour studies",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-biologix-fill",
        name="Biologix Fill & Finish",
        description="Small-batch fill-finish and freeze-drying (lyophilisation) for "
        "vaccines and biologics, under GMP. We develop cycles that let products ship and "
        "store without a freezer.",
        capabilities="freeze-drying, thermostable vaccine formulation, GMP fill-finish, "
        "stability studies",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-vet-parasitology",
        name="FarmGut Veterinary Parasitology",
        description="Faecal egg counts, wormer resistance testing and advice for sheep, "
        "cattle and horse keepers. Send us samples by post; our vets will ring you with "
        "the results.",
        capabilities="worm egg counts, anthelmintic resistance tests, livestock parasite advice",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-medtech-regulatory",
        name="ClearPath MedTech Regulatory",
        description="Regulatory consultants for medical devices and in-vitro diagnostics. "
        "UKCA and CE marking, technical files, performance evaluation plans, and a "
        "straight answer on how long it will really take.",
        capabilities="UKCA marking, IVDR and MDR technical files, performance evaluation "
        "plans, ISO 13485 quality systems",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-phage-therapeutics",
        name="PhageWorks Therapeutics",
        description="Pre-clinical biotech building bacteriophage cocktails against "
        "drug-resistant hospital bacteria. Open to co-development deals.",
        capabilities="bacteriophage therapy, drug-resistant infections, pre-clinical development",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-wound-care-devices",
        name="Heal-Tek Wound Care",
        description="We design silver and honey-based dressings for chronic wounds and "
        "supply them to the NHS and vets. Our R&D team is always after new antimicrobial "
        "materials that are kind to skin.",
        capabilities="wound dressings, silver antimicrobial dressings, NHS supply",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-air-purification",
        name="PureAir UV Systems",
        description="Ceiling and portable UV-C air disinfection units for hospitals, care "
        "homes, schools and offices. We survey the room, fit the units and can give you "
        "before-and-after air sampling.",
        capabilities="UV-C air disinfection, air cleaning units, airborne infection "
        "control, air sampling",
        focal_areas=["infection"],
    ),
    dict(
        slug="blind-infection-data-health",
        name="Outbreak Analytics Ltd",
        description="Epidemiologists and data scientists. We build early-warning "
        "dashboards and evaluate infection-control interventions for NHS trusts, councils "
        "and care providers. Small team, fast turnaround.",
        capabilities="epidemiology, outbreak early warning, evaluating infection "
        "control, health data analysis",
        focal_areas=["infection", "hpc-cognitive-computing"],
    ),
    # ------------------------------------------------------------------
    # Digital, data, AI, HPC and engineering simulation
    # ------------------------------------------------------------------
    dict(
        slug="blind-flowsim-engineering",
        name="FlowSim Engineering",
        description="CFD and FEA consultancy. We build computer models of airflow, heat "
        "and stress so you can try the design before you cut metal: ventilation, fume "
        "extraction, data centre cooling, pressure vessels.",
        capabilities="CFD, airflow and ventilation modelling, FEA, thermal simulation",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-predictive-plant",
        name="Predictive Plant Ltd",
        description="Industrial IoT for factories that aren't Google. We pull the data "
        "your machines already log (PLC tags, spindle load, temperatures, alarms) into one "
        "place and use it to predict failures before they stop the line.",
        capabilities="predictive maintenance, machine data collection, condition "
        "monitoring, factory dashboards",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-neuralworks-ai",
        name="NeuralWorks Vision",
        description="Computer vision specialists. We train models that look at photos and "
        "video and sort, count, grade or spot defects, and we put them on cheap cameras "
        "on your site, not in a slide deck.",
        capabilities="computer vision, image classification, defect detection, edge AI",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-cloud-shift",
        name="CloudShift Consulting",
        description="Microsoft and AWS partner. Cloud migration, Microsoft 365, backups "
        "and managed hosting for SMEs moving off the server in the cupboard.",
        capabilities="cloud migration, managed hosting, Microsoft 365, backup and recovery",
        focal_areas=[],
    ),
    dict(
        slug="blind-shieldpoint-cyber",
        name="ShieldPoint Security",
        description="CREST-accredited penetration testers. We try to break into your web "
        "apps, networks and connected devices (IoT and industrial kit included) the way "
        "an attacker would, then tell you in plain English what to fix.",
        capabilities="pen testing, IoT device security testing, CREST, Cyber Essentials Plus",
        focal_areas=[],
    ),
    dict(
        slug="blind-immersive-skills-vr",
        name="Immersive Skills Studio",
        description="We build VR and AR training for warehouses, construction and "
        "manufacturing: realistic scenarios people can fail safely in a headset. "
        "Quest-based, delivered in weeks.",
        capabilities="VR training, AR, headset simulations, safety training scenarios",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-qubit-north",
        name="Qubit North",
        description="Quantum software start-up. We write and benchmark quantum algorithms "
        "for chemistry and optimisation problems, and run workshops for companies "
        "wondering whether quantum is for them yet.",
        capabilities="quantum algorithms, quantum chemistry, optimisation, quantum "
        "readiness workshops",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-molecular-modelling",
        name="InSilico Molecular",
        description="Computational chemists for hire. Docking, molecular dynamics and "
        "quantum chemistry on cloud and national supercomputers, for drug discovery and "
        "materials clients who want fewer wasted syntheses.",
        capabilities="molecular docking, virtual screening, molecular dynamics, DFT "
        "calculations, HPC",
        focal_areas=["hpc-cognitive-computing", "infection", "materials-chemistry"],
    ),
    dict(
        slug="blind-coastal-risk-modelling",
        name="Estuary Flood Risk Consultants",
        description="Flood risk assessments and coastal and river modelling for "
        "developers, ports and insurers. We know the Mersey and Dee estuaries well.",
        capabilities="flood risk assessment, coastal flood modelling, storm surge, "
        "hydraulic modelling",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-digital-twin-factory",
        name="TwinLine Digital",
        description="We build digital twins of production lines: a live model fed from "
        "the shop floor. Use it for scheduling, for trying what-if layouts, and for "
        "spotting machines that are drifting out of tolerance.",
        capabilities="digital twins, factory simulation, line monitoring, what-if layouts",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-embedded-sensors",
        name="Circuit & Sense",
        description="Electronics design house. Custom PCBs, embedded firmware, Bluetooth "
        "and wifi connectivity, and low-power sensor boards, from napkin sketch to first "
        "prototypes.",
        capabilities="PCB design, embedded firmware, connected devices, sensor boards, "
        "electronics prototyping",
        focal_areas=["hpc-cognitive-computing"],
    ),
    dict(
        slug="blind-chem-informatics",
        name="Formulai",
        description="Machine learning for formulators. Our software and data scientists "
        "learn from your past batches and suggest the next experiments, so you reach a "
        "working recipe in far fewer trials.",
        capabilities="machine learning for formulation, design of experiments, recipe "
        "prediction, lab data management",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
    ),
    # ------------------------------------------------------------------
    # Distractors: outside the focal areas, with overlapping generic words
    # ------------------------------------------------------------------
    dict(
        slug="blind-bold-street-cafe",
        name="The Coffee Lab, Bold Street",
        description="Independent café and roastery. Our coffee lab is where we test new "
        "roasts and brewing methods every week; come in and try the experiments. "
        "Breakfast, brunch and the best flat white on the street.",
        capabilities="speciality coffee, brunch, in-house roasting, coffee tasting sessions",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-dockside-lettings",
        name="Dockside Lettings",
        description="Lettings and property management across Liverpool and the Wirral. "
        "We take care of gas safety certificates, electrical testing, deposits and "
        "tenant checks: complete solutions for landlords.",
        capabilities="lettings, property management, landlord compliance, tenant referencing",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-snapshot-weddings",
        name="Snapshot Weddings",
        description="Relaxed wedding and event photography. Drone shots, same-day "
        "slideshows, and fine-art printing of albums and canvases in our own studio.",
        capabilities="wedding photography, drone footage, album printing, event photography",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-merseyway-haulage",
        name="Merseyway Haulage",
        description="Family haulier with 40 trucks running out of Knowsley. Full and part "
        "loads, temperature-controlled trailers, and live GPS tracking data on every "
        "delivery through our customer portal.",
        capabilities="haulage, pallet distribution, chilled transport, warehousing",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-castle-street-accountants",
        name="Castle Street Accountants",
        description="Chartered accountants for owner-managed businesses. Year-end "
        "accounts, VAT, payroll and R&D tax credit claims, with management information "
        "and data analysis that tells you where the money goes.",
        capabilities="accounts and tax, R&D tax credits, payroll, management accounts",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-spark-marketing",
        name="Spark Digital Marketing",
        description="Data-driven marketing agency. SEO, paid social, A/B testing and "
        "analytics that turn clicks into customers. We love working with innovative "
        "science and tech brands.",
        capabilities="SEO, paid social, A/B testing, marketing analytics, branding",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-peoplefirst-recruitment",
        name="PeopleFirst Science Recruitment",
        description="Recruitment for labs and tech teams: lab technicians, QC analysts, "
        "chemists, data scientists and engineers. Permanent, contract and temp-to-perm, "
        "with candidates screened and skills-tested before you meet them.",
        capabilities="recruitment, lab technician placements, contract staffing, executive search",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-sparkle-commercial-cleaning",
        name="Sparkle Commercial Cleaning",
        description="Office, school and healthcare cleaning contracts. Infection-control "
        "deep cleans, fogging and washroom hygiene, with COSHH-trained staff and full "
        "safety paperwork.",
        capabilities="commercial cleaning, deep cleans, washroom services, fogging",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-mersey-legal",
        name="Mersey Legal LLP",
        description="Solicitors for business: commercial property, employment disputes, "
        "contracts and data protection (GDPR). Practical legal solutions at fixed fees.",
        capabilities="commercial property law, employment law, contracts, GDPR advice",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-inkpot-print",
        name="Inkpot Print & Design",
        description="Same-day printing in the city centre: business cards, leaflets, "
        "banners, signage and 3D lettering. Eco range on recycled paper with plant-based "
        "inks.",
        capabilities="digital printing, signage, banners, leaflets",
        focal_areas=[],
        distractor=True,
    ),
    dict(
        slug="blind-pat-electrical",
        name="Volt Safe Electrical",
        description="NICEIC electricians. PAT testing, fixed wire inspection and testing, "
        "emergency lighting and EV chargers for offices, shops and industrial units.",
        capabilities="PAT testing, electrical inspection and testing, emergency lighting, "
        "EV charger installation",
        focal_areas=[],
        distractor=True,
    ),
]


BLIND_PROBES = [
    # ------------------------------------------------------------------
    # Materials chemistry
    # ------------------------------------------------------------------
    dict(
        slug="blind-probe-greener-sauce-tubs",
        title="Greener tubs and lids for our chilled sauces",
        kind="challenge",
        summary="Family sauce maker needs to swap black plastic tubs and film lids for "
        "something recyclable or compostable without losing shelf life.",
        description="We make fresh dips and sauces in Prescot and supply two supermarket "
        "chains. They have told us the black plastic tubs and peel-off film lids have to "
        "go by next year. Whatever we move to still needs to keep the product good for "
        "21 days in the fridge, and we'd need that proven before they'll accept it.",
        keywords="compostable tubs, recyclable lids",
        focal_areas=["materials-chemistry"],
        organisations=[
            "blind-greenleaf-packaging",
            "blind-wirral-polymer-compounds",
            "blind-micro-check-labs",
            "centre-for-process-innovation",
        ],
        assets=["centre-for-process-innovation"],
    ),
    dict(
        slug="blind-probe-plating-waste-water",
        title="Our waste water keeps failing",
        kind="challenge",
        summary="Small anodising and zinc plating shop keeps getting warning letters "
        "from the water company about what goes down the drain.",
        description="We're a 12-person metal finishing shop in Kirkby. United Utilities "
        "samples keep coming back high on zinc and the pH is all over the place. We need "
        "someone to work out what's going wrong, test what we're actually putting out, "
        "and fix it without spending a fortune.",
        keywords="",
        focal_areas=[],
        organisations=[
            "blind-aqua-effluent-solutions",
            "blind-runcorn-analytical",
        ],
        assets=[],
    ),
    dict(
        slug="blind-probe-shampoo-scale-up",
        title="Help taking our shampoo from 20 litres to 2 tonnes",
        kind="partner_search",
        summary="Natural haircare brand with a big retail order needs to make its "
        "shampoo in much larger batches without it separating.",
        description="We mix our shampoo and conditioner in 20 litre batches in a unit in "
        "Birkenhead. A high-street chain wants 40,000 bottles by the spring. Our first go "
        "at a bigger batch went thin and cloudy, so we need people who understand why "
        "recipes behave differently in a big tank, and ideally someone who can make it "
        "for us.",
        keywords="bigger batches, contract manufacture",
        focal_areas=["materials-chemistry"],
        organisations=[
            "blind-formula-kitchen",
            "blind-halton-process-engineering",
            "centre-for-process-innovation",
        ],
        assets=["centre-for-process-innovation"],
    ),
    dict(
        slug="blind-probe-glass-furnace-trial",
        title="Trying more recycled glass and less gas in our furnace",
        kind="partner_search",
        summary="Tableware glass maker wants to trial a higher recycled content and a "
        "hydrogen blend before touching its own furnace.",
        description="Our gas bill has tripled and customers keep asking about our carbon. "
        "We'd like to see what happens with 60% recycled glass in the batch and a "
        "hydrogen blend in the burners, but we can't risk our only furnace. Looking for "
        "somewhere to run a trial and people who know the burner side.",
        keywords="furnace trial, cullet, lower gas use",
        focal_areas=["materials-chemistry"],
        organisations=[
            "glass-futures",
            "blind-glassblock-combustion",
        ],
        assets=["glass-futures-furnace"],
    ),
    dict(
        slug="blind-probe-cracked-brackets",
        title="Why are our cast brackets cracking?",
        kind="challenge",
        summary="Trailer parts supplier is seeing aluminium brackets crack after a few "
        "months in service and needs to know why.",
        description="Some of the cast aluminium brackets we fit to towing hitches are "
        "cracking after three or four months. Our supplier says it's how they're being "
        "used. We want someone independent to cut a few up, find out where the crack "
        "started, and check whether there are holes inside the castings or the metal "
        "isn't what we paid for.",
        keywords="",
        focal_areas=["materials-chemistry"],
        organisations=[
            "blind-merseyside-metallurgy",
            "blind-ndt-inspection",
            "henry-royce-institute",
        ],
        assets=["henry-royce-institute"],
    ),
    dict(
        slug="blind-probe-sodium-cargo-bike",
        title="Cheaper batteries for our e-cargo bikes",
        kind="partner_search",
        summary="E-cargo bike maker wants to try sodium-based cells instead of lithium "
        "to cut cost and supply risk.",
        description="We build electric cargo bikes for couriers in Liverpool and "
        "Manchester. Lithium cells are most of our cost and the supply is shaky. We've "
        "read that sodium batteries are getting good enough for this kind of use and "
        "want to team up with someone to build and test a trial pack.",
        keywords="sodium battery, battery pack",
        focal_areas=["materials-chemistry"],
        organisations=[
            "blind-cellvolt-materials",
            "university-of-liverpool",
        ],
        assets=["stephenson-institute-for-renewable-energy"],
    ),
    dict(
        slug="blind-probe-plant-surfactant",
        title="Plant-based cleaning ingredient ready for factory trials",
        kind="capability_offer",
        summary="We've made a plant-derived foaming and cleaning ingredient from "
        "rapeseed waste and want brands or pilot plants to try it at full scale.",
        description="In the lab our ingredient cleans and foams as well as the "
        "petrochemical ones in washing-up liquid and laundry detergent, and it breaks "
        "down fast. We can make 50 kg at a time. What we can't do is prove it in real "
        "products on real production equipment, so we're looking for a household or "
        "personal care maker, or a pilot plant, to run trials with us.",
        keywords="plant-based cleaning ingredient, detergent",
        focal_areas=["materials-chemistry"],
        organisations=[
            "unilever",
            "centre-for-process-innovation",
            "blind-formula-kitchen",
        ],
        assets=[
            "unilever-advanced-manufacturing-centre",
            "centre-for-process-innovation",
        ],
    ),
    # ------------------------------------------------------------------
    # Infection
    # ------------------------------------------------------------------
    dict(
        slug="blind-probe-hand-cream-skin",
        title="Is our new hand cream safe on skin?",
        kind="challenge",
        summary="A hand cream for nurses with sore hands from constant washing needs "
        "proof it won't irritate or cause reactions before a pharmacy chain stocks it.",
        description="We started making a hemp and tea tree hand cream for nurses and "
        "carers whose hands crack from all the handwashing and gel. A pharmacy chain "
        "likes it but wants evidence from trials on people that it doesn't cause "
        "redness or allergic reactions.",
        keywords="",
        focal_areas=[],
        organisations=["blind-dermatest-clinic"],
        assets=[],
    ),
    dict(
        slug="blind-probe-mosquito-clothing",
        title="Keep mosquitoes off: testing our treated travel clothing",
        kind="partner_search",
        summary="Outdoor clothing brand needs independent tests, with real mosquitoes, of "
        "a fabric finish meant to stop bites.",
        description="We sell hiking and safari clothing online. Our new shirts have a "
        "finish that we believe stops mosquitoes biting through the fabric, but we can't "
        "say so on the label without proper evidence. We'd like lab tests with live "
        "mosquitoes, including the ones that shrug off the usual insecticides, and "
        "possibly a trial abroad.",
        keywords="bite-proof clothing, insect repellent fabric",
        focal_areas=["infection"],
        organisations=[
            "lstm",
            "blind-vectorguard-entomology",
        ],
        assets=["lite", "lstm-laboratories"],
    ),
    dict(
        slug="blind-probe-strep-throat-test",
        title="Ten-minute sore throat test for children",
        kind="partner_search",
        summary="Start-up with a prototype throat swab test wants to try it on samples "
        "from children and get it approved for use in GP surgeries.",
        description="Our test tells you in ten minutes whether a child's sore throat is "
        "strep or a virus, so GPs stop handing out antibiotics that won't help. It works "
        "in our lab. Now we need real samples from kids, a proper clinical study, help "
        "making it in volume, and someone to steer us through UKCA marking.",
        keywords="throat swab, sore throat test, children",
        focal_areas=["infection"],
        organisations=[
            "alder-hey",
            "lstm",
            "blind-rapidsense-diagnostics",
            "blind-mersey-clinical-research",
            "blind-medtech-regulatory",
        ],
        assets=["alder-hey-innovation-hub", "iicon", "ceidr"],
    ),
    dict(
        slug="blind-probe-care-home-sickness",
        title="Stopping winter sickness bugs closing our care homes",
        kind="challenge",
        summary="Care home group wants evidence-based ways to cut norovirus and flu "
        "outbreaks, and someone to measure whether they work.",
        description="We run six care homes on the Wirral and every winter a sickness bug "
        "shuts at least one floor. We're not after another cleaning contractor. We want "
        "to trial things that might actually make a difference, such as air cleaning or "
        "changes to how we work, and have someone independent swab, count and tell us "
        "honestly whether it helped.",
        keywords="winter vomiting bug, care homes, fewer outbreaks",
        focal_areas=["infection"],
        organisations=[
            "blind-air-purification",
            "blind-micro-check-labs",
            "blind-infection-data-health",
        ],
        assets=[],
    ),
    dict(
        slug="blind-probe-virology-lab-space",
        title="Lab space for a four-person virus start-up",
        kind="partner_search",
        summary="University spin-out needs its own lab and a few desks by spring, "
        "ideally with containment level 3 for live virus work.",
        description="We're a small spin-out working on antibodies against respiratory "
        "viruses and have to move out of the university by April. We need a lab we can "
        "rent, a couple of desks, and ideally a category 3 suite for live virus work; "
        "if that's not possible straight away, a normal lab for the first year would do.",
        keywords="lab to rent, category 3",
        focal_areas=["infection"],
        organisations=["lstm", "sciontec"],
        assets=[
            "liverpool-life-sciences-accelerator",
            "liverpool-science-park",
            "central-tech",
        ],
    ),
    dict(
        slug="blind-probe-vaccine-out-of-freezer",
        title="Getting our vaccine out of the freezer",
        kind="partner_search",
        summary="Developer of a vaccine for a tropical disease needs it to survive "
        "without a freezer, and help planning its first trial.",
        description="Our vaccine candidate has to be kept at minus 20, which is hopeless "
        "for rural clinics with unreliable power. We're looking for a partner who can "
        "freeze-dry it or otherwise keep it stable at room temperature, and for people "
        "who have run vaccine trials where the disease actually is.",
        keywords="",
        focal_areas=["infection"],
        organisations=[
            "blind-biologix-fill",
            "blind-mersey-clinical-research",
            "lstm",
        ],
        assets=["iicon", "lstm-laboratories"],
    ),
    dict(
        slug="blind-probe-sheep-wormers",
        title="Wormers not working on our sheep",
        kind="challenge",
        summary="Group of hill farms is losing lambs because wormers no longer seem to "
        "work, and wants to know which ones still do.",
        description="Five of us farm sheep in North Wales and Cheshire. Lambs are doing "
        "badly even after drenching. The vet thinks the worms have become resistant. We "
        "want proper testing across our flocks and advice on what to use and when.",
        keywords="sheep wormers, resistance",
        focal_areas=["infection"],
        organisations=[
            "blind-vet-parasitology",
            "university-of-liverpool",
        ],
        assets=[],
    ),
    # ------------------------------------------------------------------
    # High performance & cognitive computing
    # ------------------------------------------------------------------
    dict(
        slug="blind-probe-spray-booth-airflow",
        title="A computer model of airflow in our spray booth",
        kind="challenge",
        summary="Coachworks wants to see how air moves in its paint booth before "
        "spending £40k on new extraction.",
        description="Overspray drifts onto the next job and the booth gets misty at one "
        "end. The extraction firm wants to sell us bigger fans, but we'd rather see how "
        "the air really moves first and try a few layouts on a computer.",
        keywords="airflow model, extraction",
        focal_areas=["hpc-cognitive-computing"],
        organisations=[
            "blind-flowsim-engineering",
            "university-of-liverpool",
        ],
        assets=["virtual-engineering-centre"],
    ),
    dict(
        slug="blind-probe-machine-breakdowns",
        title="Can our machines warn us before they break?",
        kind="partner_search",
        summary="Sub-contract machine shop has years of logged machine data nobody looks "
        "at and wants to predict breakdowns.",
        description="We run 22 CNC machines and injection moulders in Knowsley. They all "
        "log temperatures, spindle loads and alarms, but the data just sits there. When a "
        "spindle bearing goes we lose a week and sometimes a customer. We'd like to use "
        "what we already have to get a warning in advance.",
        keywords="",
        focal_areas=["hpc-cognitive-computing"],
        organisations=[
            "blind-predictive-plant",
            "blind-digital-twin-factory",
            "university-of-liverpool",
            "stfc",
        ],
        assets=["virtual-engineering-centre", "hartree-centre"],
    ),
    dict(
        slug="blind-probe-quay-storm-tides",
        title="How high could the water get on our quay?",
        kind="challenge",
        summary="Boatyard moving onto a Birkenhead quay needs to know how high storm "
        "tides could reach over the next 30 years for its insurer.",
        description="We're moving our boat repair yard to a quay on the Birkenhead side "
        "and putting new electrics in. The insurer wants to know how high the water "
        "could get in a big storm, now and over the next 30 years as the sea rises, "
        "before they'll quote.",
        keywords="storm tides, flood level",
        focal_areas=[],
        organisations=[
            "national-oceanography-centre",
            "blind-coastal-risk-modelling",
        ],
        assets=[
            "noc-liverpool",
            "national-tidal-and-sea-level-facility",
            "psmsl",
        ],
    ),
    dict(
        slug="blind-probe-loading-bay-vr",
        title="Headset training for our loading bay",
        kind="partner_search",
        summary="Distribution warehouse wants new starters to practise forklift and "
        "loading bay work in virtual reality before they go on the floor.",
        description="Two near misses in the loading bay this year, both with staff in "
        "their first month. We'd like new starters to rehearse the dangerous bits in a "
        "headset first. Open to working with a studio or a university.",
        keywords="headset training, forklift, health and safety",
        focal_areas=["hpc-cognitive-computing"],
        organisations=[
            "blind-immersive-skills-vr",
            "university-of-liverpool",
        ],
        assets=["digital-innovation-facility", "virtual-engineering-centre"],
    ),
    dict(
        slug="blind-probe-scrap-photos-ai",
        title="Teaching a computer to tell copper from brass",
        kind="challenge",
        summary="Scrap metal yard photographs every load on the weighbridge and wants "
        "software to grade the metal from the photos.",
        description="Every load that comes over our weighbridge gets photographed. Our "
        "yard lads grade it by eye and we lose money when mixed loads get through as "
        "clean copper. We'd like a system that looks at the photo and flags what's in "
        "the load.",
        keywords="",
        focal_areas=["hpc-cognitive-computing"],
        organisations=[
            "blind-neuralworks-ai",
            "university-of-liverpool",
            "stfc",
        ],
        assets=["digital-innovation-facility", "hartree-centre"],
    ),
    dict(
        slug="blind-probe-quantum-taster",
        title="Quantum computing for chemists: a half-day taster",
        kind="event",
        summary="A plain-English afternoon on what quantum computers can and can't yet "
        "do for chemistry and materials companies, with demos and a networking drink.",
        description="We're a small consultancy hosting a free afternoon in Liverpool city "
        "centre for chemical and materials businesses curious about quantum computing. "
        "No physics degree needed. We'd like speakers and demo partners who work on "
        "quantum or on heavy-duty chemistry simulation.",
        keywords="quantum computers, chemistry simulation",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        organisations=[
            "stfc",
            "blind-qubit-north",
            "blind-molecular-modelling",
        ],
        assets=["hartree-centre"],
    ),
    # ------------------------------------------------------------------
    # Cross-cutting
    # ------------------------------------------------------------------
    dict(
        slug="blind-probe-fewer-paint-batches",
        title="Fewer test batches for our floor paints",
        kind="challenge",
        summary="Industrial floor paint maker wants robots or software to cut the 60-80 "
        "trial batches each new product takes.",
        description="Every new finish we develop takes weeks of trial and error, often "
        "60 to 80 batches before we get one that cures right and passes the scuff test. "
        "We've kept records of years of old batches. Could a computer or a robot "
        "narrow down the recipes for us?",
        keywords="fewer trial batches, recipe prediction",
        focal_areas=["materials-chemistry", "hpc-cognitive-computing"],
        organisations=[
            "blind-chem-informatics",
            "blind-autolab-integrators",
            "blind-northern-coatings-lab",
            "university-of-liverpool",
            "stfc",
        ],
        assets=[
            "materials-innovation-factory",
            "mif-mobile-robot-scientist",
            "hartree-centre",
        ],
    ),
    dict(
        slug="blind-probe-germ-killing-handles",
        title="Proving our door handle coating kills germs",
        kind="challenge",
        summary="Maker of coated door furniture for hospitals and schools wants lab "
        "evidence that its silver additive kills bacteria and viruses, and keeps "
        "working.",
        description="We powder-coat door handles and push plates. We've added a silver "
        "additive and customers keep asking for numbers: how many bugs does it kill, "
        "does it work on viruses, and is it still working after a year of being wiped "
        "with bleach twice a day?",
        keywords="",
        focal_areas=["materials-chemistry", "infection"],
        organisations=[
            "blind-micro-check-labs",
            "blind-northern-coatings-lab",
            "lstm",
        ],
        assets=["iicon", "ceidr"],
    ),
    dict(
        slug="blind-probe-pharmacy-sales-warning",
        title="Our pharmacy sales data could give early warning of outbreaks",
        kind="capability_offer",
        summary="Independent pharmacy group offers anonymised sales data to researchers "
        "building early warnings of flu and stomach bug outbreaks.",
        description="We run 14 community pharmacies across Sefton and Knowsley. Sales of "
        "cold and flu remedies and rehydration sachets jump days before the local "
        "hospital fills up. We'd like to share our till data, anonymised, with people "
        "who can turn it into an early warning for the area.",
        keywords="till data, early warning",
        focal_areas=["infection", "hpc-cognitive-computing"],
        organisations=[
            "blind-infection-data-health",
            "university-of-liverpool",
            "liverpool-john-moores-university",
        ],
        assets=["pandemic-institute"],
    ),
    dict(
        slug="blind-probe-antibiotic-screening-subcontract",
        title="Subcontract call: computer screening and lab tests for new antibiotics",
        kind="funding_call",
        summary="Funded six-month feasibility project seeks subcontractors to screen "
        "millions of molecules by computer, then test the best 50 against resistant "
        "bacteria. Proposals by 31 January.",
        description="We've won a small feasibility grant for a new class of antibiotics. "
        "We need to check a few million candidate molecules against a bacterial protein "
        "on a big computer, make the top 50, and have them tested against drug-resistant "
        "hospital strains. Send a short proposal and costs by 31 January.",
        keywords="drug-resistant bacteria, molecule screening",
        focal_areas=["infection", "hpc-cognitive-computing"],
        organisations=[
            "blind-molecular-modelling",
            "stfc",
            "lstm",
        ],
        assets=["hartree-centre", "ceidr", "iicon"],
    ),
    dict(
        slug="blind-probe-pill-dispenser-prototype",
        title="First working prototypes of a connected pill dispenser",
        kind="partner_search",
        summary="Start-up needs 20 working prototypes of a pill dispenser that tells "
        "family members when a dose is missed.",
        description="We've got a design and a cardboard mock-up of a dispenser that "
        "reminds older people to take their tablets and texts a relative if they don't. "
        "We need someone to make the case and the mechanism, and someone to build the "
        "electronics that talk to the phone app.",
        keywords="",
        focal_areas=[],
        organisations=[
            "blind-layerforge-am",
            "blind-embedded-sensors",
        ],
        assets=[],
    ),
    # ------------------------------------------------------------------
    # Niche: exactly one organisation fits
    # ------------------------------------------------------------------
    dict(
        slug="blind-probe-lab-kit-pen-test",
        title="Someone to try to hack our lab freezers",
        kind="challenge",
        summary="Maker of wifi-connected lab freezers and incubators needs an "
        "independent security test before a pharma customer will sign.",
        description="Our freezers and incubators send temperature readings to a phone "
        "app over wifi. A big pharma customer now wants an independent penetration test "
        "of the devices and the app, and a report, before they sign the contract.",
        keywords="pen test, wifi devices",
        focal_areas=[],
        organisations=["blind-shieldpoint-cyber"],
        assets=[],
    ),
]
