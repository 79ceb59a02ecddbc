"""The LCR+ dataset: public facts about the region's innovation assets and their hosts.

Every asset record says where its key facts were checked (``source_url``) and when
(``last_verified``), whether the asset is running (``operating_status``), and how a
business gets in (eligibility, ``price_basis``, ``first_step`` and, where a source gives
it, ``lead_time``). Facts no public source confirms are left out; superlatives are
replaced by specifications. Records whose current state no source confirms are seeded
as drafts or archived, for a curator to check. ``seed_lcr`` loads it. Coordinates are
approximate building locations (WGS84); ``assets.geo`` checks them against the
postcode district (or, without a postcode, the city region's bounds).
"""

# The day the sources below were last read.
VERIFIED = "2026-11-30"

# The taxonomy the dataset uses. Data migrations create the same rows on a new
# database; seed_lcr brings them back to this state if they were changed or removed.
# These are the three focal areas of the original (2017) Science and Innovation Audit.
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

# The 2022 refresh of the audit (LCR+ Science & Innovation Audit Refresh, July 2022:
# https://www.readkong.com/page/liverpool-city-region-science-innovation-audit-refresh-6252126)
# names four areas: infection prevention & control, materials chemistry, AI solutions &
# emerging technologies, and net zero & maritime. Materials chemistry is already above;
# `seed_lcr --refresh-areas` adds the other three and tags assets with them.
REFRESH_FOCAL_AREAS = [
    (
        "infection-prevention-control",
        "Infection prevention & control",
        "Preventing, diagnosing and treating infections, from containment labs to "
        "clinical testing (2022 audit refresh).",
    ),
    (
        "ai-solutions",
        "AI solutions & emerging technologies",
        "Artificial intelligence, data and digital technologies put to work in business "
        "(2022 audit refresh).",
    ),
    (
        "net-zero-maritime",
        "Net zero & maritime",
        "Low-carbon industry, energy and the marine environment (2022 audit refresh).",
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
        description="Research university in Liverpool's Knowledge Quarter; hosts the "
        "Materials Innovation Factory, the Digital Innovation Facility and the Virtual "
        "Engineering Centre, and is a founding partner of the Henry Royce Institute.",
    ),
    "liverpool-john-moores-university": dict(
        name="Liverpool John Moores University (LJMU)",
        kind="university",
        sector="Higher education and research",
        town="Liverpool",
        postcode="",
        website="https://www.ljmu.ac.uk/",
        focal_areas=["infection", "hpc-cognitive-computing"],
        capabilities="astrophysics, high performance computing, public health",
        description="University in Liverpool; a co-owner of Sciontec and a partner in The "
        "Pandemic Institute. Its Astrophysics Research Institute works from Liverpool "
        "Science Park.",
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
        description="School of tropical medicine founded in 1898, working on vaccines, "
        "diagnostics, therapeutics and vector control; it leads the Infection Innovation "
        "Consortium (iiCON).",
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
        description="National centre for ocean science; its Liverpool site, in the Joseph "
        "Proudman Building, works on tides, sea level and coastal modelling and hosts "
        "national marine data services.",
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
        description="Consumer goods company whose UK research and development site is at "
        "Port Sunlight on the Wirral.",
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
        description="Science and innovation campus in Halton, run by a joint venture of "
        "Langtree, STFC and Halton Borough Council; an Enterprise Zone since 2012.",
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
        "industry, funded by its members and public funders, with an experimental furnace "
        "in St Helens.",
    ),
    "knowledge-quarter-liverpool": dict(
        name="Knowledge Quarter Liverpool",
        kind="public",
        sector="Property and innovation districts",
        town="Liverpool",
        postcode="L3 5TF",
        website="https://www.kqliverpool.co.uk/",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        capabilities="innovation district, networking",
        description="Liverpool's innovation district around the universities and "
        "hospitals, including Paddington Village; a partner in The Pandemic Institute.",
    ),
    "sciontec": dict(
        name="Sciontec",
        kind="public",
        sector="Property and innovation districts",
        town="Liverpool",
        postcode="",
        website="",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        capabilities="office space, laboratory space, hot-desking",
        description="Knowledge Quarter development company owned by Liverpool City "
        "Council, the University of Liverpool, Liverpool John Moores University and "
        "Bruntwood SciTech. It has owned and run Liverpool Science Park since 2020 and "
        "runs CENTRAL TECH in the former Sensor City building.",
    ),
    "alder-hey": dict(
        name="Alder Hey Children's NHS Foundation Trust",
        kind="public",
        sector="Health and life sciences",
        town="Liverpool",
        postcode="",
        website="https://alderhey.nhs.uk/",
        focal_areas=["infection", "hpc-cognitive-computing"],
        capabilities="paediatric healthcare, clinical testing, health technology",
        description="Children's hospital trust in Liverpool with a purpose-built, "
        "hospital-led innovation centre.",
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
        "innovation, with its hub at the University of Manchester; the University of "
        "Liverpool is a founding partner.",
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
        description="Technology innovation centre with bases at Wilton (Redcar) and NETPark "
        "(Sedgefield) in the North East, and an office at Liverpool Science Park.",
    ),
}

# Shared wording: every seeded asset is reached through the portal's enquiry form,
# which the portal team passes to the host (no asset has its own enquiry address).
ENQUIRE = "Send an enquiry from this page; the LCR+ portal team passes it to {host}."

# Assets in load order (a parent comes before its children). Each record carries:
# status (publication: published, draft or archived), operating_status (open, changed,
# closed), last_verified, source_url, eligibility, price_basis, first_step and, where a
# source gives it, lead_time and end_date. ``refresh_focal_areas`` are added only when
# the 2022 refresh's areas are switched on.
ASSETS = [
    dict(
        slug="materials-innovation-factory",
        name="Materials Innovation Factory",
        kind="facility",
        host="university-of-liverpool",
        focal_areas=["materials-chemistry"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["open-access", "collaborative-rd", "contract-research"],
        capabilities="materials chemistry, robotics, automated chemistry, "
        "high-throughput formulation, machine learning, materials characterisation",
        summary="An 11,600 m2 materials chemistry research building opened in 2018 in "
        "partnership with Unilever, with open-access facilities for academic and "
        "industrial users.",
        description="The Materials Innovation Factory (MIF) cost £81 million, with "
        "co-investment from Unilever, the Henry Royce Institute and the University of "
        "Liverpool. It houses materials-chemistry automation and robotics, and hosts "
        "Royce equipment for digital materials discovery (computer-aided design, machine "
        "learning and robotics for materials design and characterisation).\n\n"
        "Businesses can use facilities through open access, or work with the university "
        "on collaborative or contract projects.",
        eligibility="Academic and industrial users, from SMEs to large companies.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        contact_route="Through the Materials Innovation Factory website.",
        address="51 Oxford Street",
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        website="https://www.liverpool.ac.uk/materials-innovation-factory/",
        source_url="https://www.ukri.org/news/new-81-million-materials-innovation-factory-opens/",
        featured=True,
    ),
    dict(
        slug="mif-mobile-robot-scientist",
        name="Mobile robot scientist",
        kind="equipment",
        host="university-of-liverpool",
        parent="materials-innovation-factory",
        focal_areas=["materials-chemistry", "hpc-cognitive-computing"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["collaborative-rd"],
        capabilities="autonomous experimentation, robotics, photocatalysis, "
        "automated chemistry, machine learning",
        summary="A 1.75 m, 400 kg mobile robot that moves around a standard laboratory, "
        "uses instruments built for people and chooses its next experiment itself.",
        description="Built by Professor Andrew Cooper's team on a KUKA mobile robot arm, it "
        "positions itself by laser scanning and touch feedback. In its first published "
        "study (Nature, 2020) it ran 688 experiments over eight days, working 172 of 192 "
        "hours, searching a 10-dimensional space of candidate photocatalyst recipes.",
        eligibility="Through collaborative research projects with the University of Liverpool.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        manufacturer="University of Liverpool (on a KUKA mobile robot)",
        source_url="https://www.theengineer.co.uk/content/news/liverpool-researchers-build-mobile-robot-scientist",
    ),
    dict(
        slug="mif-analytical-suite",
        name="MIF analytical suite: NMR, mass spectrometry and electron microscopy",
        kind="equipment",
        host="university-of-liverpool",
        parent="materials-innovation-factory",
        status="archived",
        operating_status="changed",
        focal_areas=["materials-chemistry"],
        access_models=["open-access"],
        capabilities="materials characterisation",
        summary="Withdrawn from the directory: no current public source lists this "
        "equipment and its terms. Ask the Materials Innovation Factory what it offers.",
        eligibility="Ask the Materials Innovation Factory.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        source_url="https://www.ukri.org/news/new-81-million-materials-innovation-factory-opens/",
    ),
    dict(
        slug="centre-for-materials-discovery",
        name="Centre for Materials Discovery",
        kind="facility",
        host="university-of-liverpool",
        status="draft",
        operating_status="changed",
        focal_areas=["materials-chemistry"],
        access_models=["open-access"],
        capabilities="high-throughput materials discovery, materials chemistry",
        summary="An open-access facility for academic and industrial users, funded by "
        "the ERDF and NWDA, operating in Liverpool's Knowledge Quarter since 2007 with "
        "Unilever as anchor tenant.",
        description="Where the centre works today (for example, whether it is now part of "
        "the Materials Innovation Factory) is not confirmed by a public source: check "
        "before publishing.",
        eligibility="Any academic institution or industry partner, from local SMEs to "
        "FTSE 100 companies.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        town="Liverpool",
        latitude="53.405000",
        longitude="-2.965000",
        source_url="https://www.ncub.co.uk/insight/the-liverpool-model-a-revolutionary-approach-to-academic-industry-engagement/",
    ),
    dict(
        slug="stephenson-institute-for-renewable-energy",
        name="Stephenson Institute for Renewable Energy",
        kind="centre",
        host="university-of-liverpool",
        focal_areas=["materials-chemistry"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["collaborative-rd"],
        capabilities="photovoltaics, battery storage, photocatalysis, thermoelectric "
        "materials, sustainable fuels, electrochemistry",
        summary="The University of Liverpool's £10 million renewable energy research "
        "institute, working on solar cells, batteries and photocatalysis.",
        description="The institute brings together chemistry, physics, engineering, "
        "environmental sciences and biology. Its labs cover photovoltaics, "
        "thermoelectric materials, photocatalysis and lithium and sodium battery storage; "
        "a Sustainable Fuels Laboratory opened at its tenth anniversary.",
        eligibility="Businesses working with university researchers on joint projects.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        town="Liverpool",
        latitude="53.405000",
        longitude="-2.966000",
        website="https://www.liverpool.ac.uk/renewable-energy/",
        source_url="https://www.liverpool.ac.uk/renewable-energy/news/stories/title,1438311,en.html",
    ),
    dict(
        slug="sci-tech-daresbury",
        name="Sci-Tech Daresbury campus",
        kind="facility",
        host="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["tenancy", "collaborative-rd"],
        capabilities="office space, laboratory space, accelerator science, enterprise zone",
        summary="A science and innovation campus in Halton, an Enterprise Zone since 2012, "
        "home to Daresbury Laboratory, the Cockcroft Institute and the Hartree Centre.",
        description="The campus is run by a joint venture of Langtree, STFC and Halton "
        "Borough Council. Growing companies rent space in the Innovation Centre, Vanguard "
        "House and the Techspace buildings; the Cockcroft Institute (the National Centre "
        "for Accelerator Science) is next to the Innovation Centre.",
        eligibility="Science and technology businesses, from start-ups to established companies.",
        price_basis="rent",
        first_step=ENQUIRE.format(host="Sci-Tech Daresbury"),
        contact_route="Through the Sci-Tech Daresbury website.",
        address="Keckwick Lane",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.344100",
        longitude="-2.641200",
        website="https://sci-techdaresbury.com/",
        source_url="https://placenorthwest.co.uk/enterprise-zones-daresbury",
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
        capabilities="accelerator science, scientific computing, engineering",
        summary="STFC's national laboratory at Sci-Tech Daresbury, working since 1962; "
        "the Hartree Centre is part of it.",
        eligibility="Industry and academic partners, through collaborative or contract projects.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="STFC"),
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343600",
        longitude="-2.640200",
        website="https://www.ukri.org/who-we-are/stfc/",
        source_url="https://www.thebusinessdesk.com/northwest/news/2100784-construction-work-set-to-begin-on-30m-supercomputing-centre",
    ),
    dict(
        slug="daresbury-innovation-centre",
        name="Innovation Centre and Vanguard House",
        kind="facility",
        host="sci-tech-daresbury",
        parent="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing", "materials-chemistry"],
        access_models=["tenancy"],
        capabilities="office space, laboratory space",
        summary="Offices and labs for growing technology companies at Sci-Tech Daresbury; "
        "Vanguard House has 36,000 sq ft for maturing businesses.",
        eligibility="Technology businesses renting space on the campus.",
        price_basis="rent",
        first_step=ENQUIRE.format(host="Sci-Tech Daresbury"),
        town="Daresbury",
        postcode="WA4 4FS",
        latitude="53.344600",
        longitude="-2.642200",
        website="https://sci-techdaresbury.com/",
        source_url="https://placenorthwest.co.uk/enterprise-zones-daresbury",
    ),
    dict(
        slug="hartree-centre",
        name="Hartree Centre",
        kind="centre",
        host="stfc",
        parent="sci-tech-daresbury",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="high performance computing, supercomputing, data analytics, "
        "artificial intelligence, machine learning, visualisation, quantum computing, "
        "simulation",
        summary="STFC's centre for supercomputing, data analytics and AI at Sci-Tech "
        "Daresbury, founded with IBM, working with companies on collaborative and "
        "contract projects.",
        description="The Hartree Centre is part of STFC's Daresbury Laboratory. Through "
        "the Hartree National Centre for Digital Innovation (a £210 million, five-year "
        "programme with IBM) it helps businesses and the public sector try AI and quantum "
        "computing with lower risk, with access to its computing infrastructure and "
        "experts.\n\n"
        "Its free SME support (short assists and projects) is delivered by Hartree SME "
        "hubs at Cardiff, Newcastle and Ulster universities for SMEs in their own regions, "
        "not from Daresbury.",
        eligibility="Businesses and public-sector organisations of any size, through "
        "collaborative or contract projects.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the Hartree Centre"),
        contact_route="Through the Hartree Centre website.",
        address="Sci-Tech Daresbury, Keckwick Lane",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343400",
        longitude="-2.639500",
        website="https://www.hartree.stfc.ac.uk/",
        source_url="https://www.ukspa.org.uk/sci-tech-daresbury-hails-arrival-of-hartree-national-centre-for-digital-innovation-to-campus/",
        featured=True,
    ),
    dict(
        slug="hartree-sme-support",
        name="Hartree Centre SME hubs",
        kind="programme",
        host="stfc",
        parent="hartree-centre",
        status="archived",
        operating_status="changed",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["free-sme-support"],
        capabilities="data analytics, artificial intelligence, digital adoption",
        summary="Not a Daresbury offer for city-region firms: free SME support from the "
        "Hartree Centre is run by hubs at Cardiff, Newcastle and Ulster universities for "
        "SMEs in their own regions, funded for three years from 2023.",
        description="Each hub offers engagements (briefing and networking events), assists "
        "(about 12 hours with the hub team on one business problem) and projects (one to "
        "three months developing and testing an idea), at no monetary cost to eligible "
        "SMEs in its region.",
        eligibility="SMEs in each hub's own region (for Cardiff, the Cardiff Capital Region "
        "and the Western Gateway area).",
        price_basis="free",
        first_step="Contact the hub for your region.",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343400",
        longitude="-2.639500",
        website="https://www.cardiff.ac.uk/hartree/what-we-offer",
        source_url="https://www.cardiff.ac.uk/hartree/what-we-offer",
    ),
    dict(
        slug="virtual-engineering-centre",
        name="Virtual Engineering Centre",
        kind="centre",
        host="university-of-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="digital engineering, simulation, virtual reality, visualisation",
        summary="The University of Liverpool's centre for virtual engineering, working with "
        "industry in automotive, aerospace, healthcare and energy; its staff share the "
        "Hartree Centre building at Daresbury.",
        description="The centre led LCR 4.0, an ERDF-funded programme that gave "
        "manufacturing SMEs access to digital technology expertise, and its successors "
        "CW4.0 and LCR4: HOLISTIC.",
        eligibility="Businesses of any size; past programmes focused on manufacturing SMEs.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        contact_route="Through the Virtual Engineering Centre website.",
        town="Daresbury",
        postcode="WA4 4AD",
        latitude="53.343300",
        longitude="-2.639700",
        website="https://www.virtualengineeringcentre.com/",
        source_url="https://russellgroup.ac.uk/policy/case-studies/university-of-liverpool-driving-digital-innovation/",
    ),
    dict(
        slug="sensor-city",
        name="Sensor City (closed)",
        kind="facility",
        host="university-of-liverpool",
        status="archived",
        operating_status="closed",
        focal_areas=["hpc-cognitive-computing"],
        access_models=["tenancy"],
        capabilities="sensors",
        summary="Closed in 2020. Opened in 2017 by the University of Liverpool and LJMU as "
        "a hub for sensor technology; the building on Copperas Hill reopened under "
        "Sciontec as CENTRAL TECH.",
        eligibility="Closed: see CENTRAL TECH.",
        price_basis="rent",
        first_step="See CENTRAL TECH.",
        address="Copperas Hill",
        town="Liverpool",
        latitude="53.407300",
        longitude="-2.976500",
        source_url="https://lbndaily.co.uk/sensor-city-to-reopen-with-2m-upgrade",
    ),
    dict(
        slug="central-tech",
        name="CENTRAL TECH",
        kind="facility",
        host="sciontec",
        operating_status="changed",
        focal_areas=["hpc-cognitive-computing", "infection"],
        access_models=["tenancy"],
        capabilities="office space, laboratory space, health technology, digital technology",
        summary="Sciontec's 27,000 sq ft tech hub in the former Sensor City building on "
        "Copperas Hill, announced to reopen from 1 May 2025 for health, life sciences, "
        "technology and digital businesses.",
        description="Customers can use the Academic Support & Knowledge (ASK) initiative, "
        "which connects them to a specialist at the University of Liverpool or LJMU, and "
        "LJMU's facilities next door. The £2 million refit was funded by DSIT and MHCLG. "
        "The building's former sensor prototyping equipment is not confirmed as "
        "available.",
        eligibility="Businesses in health, life sciences, technology and digitalisation.",
        price_basis="rent",
        first_step=ENQUIRE.format(host="Sciontec"),
        address="Copperas Hill",
        town="Liverpool",
        latitude="53.407300",
        longitude="-2.976500",
        source_url="https://lbndaily.co.uk/amp/sensor-city-transforms-into-2m-liverpool-tech-hub",
    ),
    dict(
        slug="digital-innovation-facility",
        name="Digital Innovation Facility",
        kind="facility",
        host="university-of-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["collaborative-rd"],
        capabilities="mixed reality, virtual reality, robotics, artificial intelligence, "
        "immersive technology",
        summary="A £12.7 million, 16,000 sq ft University of Liverpool building for work "
        "with businesses on computer and data science, robotics, AI and engineering.",
        description="Specialist labs include a mixed reality lab, an extreme environment "
        "lab that simulates hazardous conditions for testing robots and autonomous "
        "systems, and an immersive lab developing smell and touch technologies.",
        eligibility="Businesses and organisations that want to work with university experts.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the University of Liverpool"),
        town="Liverpool",
        latitude="53.406000",
        longitude="-2.966000",
        source_url="https://investliverpoolcityregion.com/?p=1417",
    ),
    dict(
        slug="lstm-laboratories",
        name="Liverpool School of Tropical Medicine laboratories",
        kind="centre",
        host="lstm",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="infectious diseases, vector control, diagnostics, vaccines, "
        "drug discovery, clinical trials",
        summary="LSTM's research laboratories for tropical and infectious diseases, "
        "including Containment Level 3 laboratories; robotic Containment Level 3 labs "
        "funded by a £10 million Innovation Zone award are due in early 2027.",
        eligibility="Companies working with LSTM on collaborative or contract projects.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="LSTM"),
        address="Pembroke Place",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        website="https://www.lstmed.ac.uk/",
        source_url="https://kqliverpool.co.uk/2025/04",
        featured=True,
    ),
    dict(
        slug="liverpool-life-sciences-accelerator",
        name="Liverpool Life Sciences Accelerator",
        kind="facility",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["tenancy", "collaborative-rd"],
        capabilities="Containment Level 3 laboratories, insectaries, laboratory space, "
        "office space",
        summary="A 70,000 sq ft laboratory building on Daulby Street, wholly owned by LSTM "
        "since November 2022, with about 30,000 sq ft to let to life-science businesses.",
        description="Opened in 2017, it has six Containment Level 3 laboratories and an "
        "HSE-licensed insectary suite with seven insectaries, alongside offices and "
        "meeting rooms. A £10 million Innovation Zone award funds AI-assisted, robotic "
        "Containment Level 3 laboratories, due to open in early 2027.",
        eligibility="SMEs and companies in medical and life-science research and development.",
        price_basis="rent",
        first_step=ENQUIRE.format(host="LSTM"),
        address="Daulby Street",
        town="Liverpool",
        latitude="53.410000",
        longitude="-2.966500",
        source_url="https://www.hilldickinson.com/insights/media/hill-dickinson-advises-liverpool-school-tropical-medicine-ps-multi-million",
    ),
    dict(
        slug="ceidr",
        name="Centre of Excellence in Infectious Diseases Research (CEIDR)",
        kind="centre",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["collaborative-rd"],
        capabilities="Containment Level 3 laboratories, infectious diseases, antimicrobial "
        "resistance, antibiotics",
        summary="A partnership of the University of Liverpool and LSTM, launched in 2017, "
        "rather than one building: it gives partners access to both institutions' "
        "facilities, including Containment Level 3 laboratories.",
        description="CEIDR works with the NHS and industry on antimicrobials and on "
        "existing and emerging infections; its NIHR Antimicrobial Resistance Laboratories "
        "cost £3.5 million.",
        eligibility="Companies developing products to diagnose, prevent or treat "
        "infectious diseases.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="LSTM and the University of Liverpool"),
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409000",
        longitude="-2.968500",
        source_url="https://liverpoolhealthpartners.org.uk/next-important-phase-in-infectious-diseases-research-in-liverpool-launched/",
    ),
    dict(
        slug="iicon",
        name="Infection Innovation Consortium (iiCON)",
        kind="programme",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["open-access", "collaborative-rd", "contract-research"],
        capabilities="vaccines, diagnostics, therapeutics, antimicrobials, clinical "
        "trials, assay development",
        summary="An LSTM-led consortium, launched in September 2020, with open-access "
        "platforms that help companies of all sizes develop treatments, diagnostics and "
        "preventative products for infectious diseases.",
        description="Partners include LSTM, LifeArc, Liverpool University Hospitals NHS "
        "Foundation Trust, Unilever UK, the University of Liverpool, Evotec and Infex "
        "Therapeutics. It was founded with £18.6 million from UKRI's Strength in Places "
        "Fund.",
        eligibility="Companies of all sizes, from early-stage concepts to clinical trials "
        "and manufacturing.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="iiCON"),
        contact_route="Through the iiCON website (infectioninnovation.com).",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        website="https://www.infectioninnovation.com/",
        source_url="https://www.infectioninnovation.com/about/",
        featured=True,
    ),
    dict(
        slug="lite",
        name="Liverpool Insect Testing Establishment (LITE)",
        kind="facility",
        host="lstm",
        parent="lstm-laboratories",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["contract-research"],
        capabilities="insecticide testing, GLP insectaries, WHO bioassays, mosquito "
        "strains, vector control",
        summary="GLP-accredited insectaries that test vector-control products on "
        "characterised insecticide-resistant and susceptible mosquito strains, including "
        "WHO tube bioassays.",
        description="LITE rears mosquito colonies for studies of products from sponsors "
        "and chemical companies, and can prepare insecticide-impregnated papers for "
        "non-standard doses or new active ingredients.",
        eligibility="Companies developing insecticides, bed nets and other vector-control "
        "products.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="LITE"),
        contact_route="Through the LITE website (lite.lstmed.ac.uk).",
        town="Liverpool",
        postcode="L3 5QA",
        latitude="53.409300",
        longitude="-2.969300",
        website="https://lite.lstmed.ac.uk/",
        source_url="https://lite.lstmed.ac.uk/our-services/who-tube-bioassay",
    ),
    dict(
        slug="pandemic-institute",
        name="The Pandemic Institute",
        kind="centre",
        host="university-of-liverpool",
        focal_areas=["infection"],
        refresh_focal_areas=["infection-prevention-control"],
        access_models=["collaborative-rd"],
        capabilities="pandemic preparedness, diagnostics, vaccines, epidemiology",
        summary="A partnership launched in September 2021 and headquartered in The Spine, "
        "Paddington Village, working on preventing, preparing for and responding to "
        "pandemics.",
        description="Partners: the University of Liverpool, LJMU, LSTM, Liverpool "
        "University Hospitals NHS Foundation Trust, Liverpool City Council, the Liverpool "
        "City Region Combined Authority and Knowledge Quarter Liverpool. By 2024 it had "
        "research partnerships with industry worth over £5 million, including CSL "
        "Seqirus.",
        eligibility="Companies working with its researchers on research partnerships.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="The Pandemic Institute"),
        contact_route="Through The Pandemic Institute's website.",
        address="The Spine, Paddington Village",
        town="Liverpool",
        latitude="53.404500",
        longitude="-2.961500",
        website="https://thepandemicinstitute.org/",
        source_url="https://news.liverpool.ac.uk/2021/09/13/liverpool-announces-world-leading-end-to-end-pandemic-institute/",
    ),
    dict(
        slug="alder-hey-innovation-hub",
        name="Alder Hey Innovation Hub",
        kind="centre",
        host="alder-hey",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["ai-solutions"],
        access_models=["collaborative-rd"],
        capabilities="health technology, clinical testing, paediatric healthcare",
        summary="Alder Hey's purpose-built, hospital-led innovation centre, where "
        "companies develop and test children's health products with the hospital's "
        "clinical teams.",
        description="The Paediatric Open Innovation Zone (£9.44 million, with £4.16 million "
        "from the Liverpool City Region Combined Authority) gives innovators access to "
        "Alder Hey's clinical teams, expertise and facilities to develop and test "
        "paediatric solutions.",
        eligibility="Businesses, academics and innovators developing paediatric health solutions.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="Alder Hey"),
        town="Liverpool",
        latitude="53.419500",
        longitude="-2.897000",
        website="https://alderhey.nhs.uk/",
        source_url="https://alderhey.nhs.uk/alder-hey-secures-over-4m-to-drive-innovation-and-improve-childrens-healthcare",
    ),
    dict(
        slug="noc-liverpool",
        name="National Oceanography Centre, Liverpool",
        kind="centre",
        host="national-oceanography-centre",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["collaborative-rd", "contract-research", "open-data"],
        capabilities="tides, sea level, storm surge modelling, coastal modelling, ocean data",
        summary="NOC's Liverpool site in the Joseph Proudman Building: tide, sea-level and "
        "storm-surge research and modelling, and national marine data services.",
        eligibility="Businesses and public bodies, through collaborative or contract work; "
        "much of the data is open.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the National Oceanography Centre"),
        address="Joseph Proudman Building, University of Liverpool campus",
        town="Liverpool",
        latitude="53.407639",
        longitude="-2.968944",
        website="https://noc.ac.uk/",
        source_url="https://www.knowpia.com/knowpedia/British_Oceanographic_Data_Centre",
    ),
    dict(
        slug="national-tidal-and-sea-level-facility",
        name="National Tidal and Sea Level Facility",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["open-data"],
        capabilities="tide gauges, sea level data, tidal predictions, storm surge",
        summary="Sea-level data and tidal predictions from the UK National Tide Gauge "
        "Network, which the Environment Agency owns and operates and NOC maintains.",
        description="The network of 43 gauges was set up after the 1953 east-coast floods "
        "and is part of the UK Coastal Flood Forecasting service. BODC quality-controls "
        "its sea-level data.",
        eligibility="Anyone; the data are published for use.",
        price_basis="free",
        first_step="Download data from the NTSLF website.",
        town="Liverpool",
        latitude="53.407639",
        longitude="-2.968944",
        website="https://ntslf.org/",
        source_url="https://catalogue.odis.org/view/34",
    ),
    dict(
        slug="psmsl",
        name="Permanent Service for Mean Sea Level",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["open-data"],
        capabilities="sea level data, climate data, open data",
        summary="Long-term sea-level records from tide gauges around the world, published "
        "from Liverpool for anyone to use.",
        eligibility="Anyone; the data are published for use.",
        price_basis="free",
        first_step="Download data from the PSMSL website.",
        town="Liverpool",
        latitude="53.407639",
        longitude="-2.968944",
        website="https://psmsl.org/",
        source_url="https://psmsl.org/train_and_info/training/gloss/gb/gb7/ukntgn.html",
    ),
    dict(
        slug="bodc",
        name="British Oceanographic Data Centre",
        kind="data_service",
        host="national-oceanography-centre",
        parent="noc-liverpool",
        focal_areas=["hpc-cognitive-computing"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["open-data"],
        capabilities="ocean data, marine data management, open data",
        summary="The UK's designated marine science data centre, part of NOC, serving "
        "science, education, industry and the public from the Joseph Proudman Building.",
        eligibility="Anyone; most data are openly available.",
        price_basis="free",
        first_step="Search and request data on the BODC website.",
        town="Liverpool",
        latitude="53.407639",
        longitude="-2.968944",
        website="https://www.bodc.ac.uk/",
        source_url="https://www.knowpia.com/knowpedia/British_Oceanographic_Data_Centre",
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
        summary="A 6,500 m2 pilot plant on Unilever's R&D site at Port Sunlight for "
        "testing personal care and home care products at factory scale, configured to "
        "allow close working with industrial and academic partners.",
        description="The £24 million centre was part-funded by the Regional Growth Fund; "
        "construction began in November 2015 for completion in 2017.",
        eligibility="Industrial and academic partners working with Unilever.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="Unilever"),
        address="Unilever R&D Port Sunlight, Bromborough Road",
        town="Port Sunlight, Wirral",
        postcode="CH63 3JW",
        latitude="53.346000",
        longitude="-2.998000",
        source_url="http://www.liverpoolecho.co.uk/news/business/groundbreaking-24m-unilever-development-port-10488058",
        featured=True,
    ),
    dict(
        slug="glass-futures-furnace",
        name="Glass Futures experimental furnace",
        kind="facility",
        host="glass-futures",
        focal_areas=["materials-chemistry"],
        refresh_focal_areas=["net-zero-maritime"],
        access_models=["membership", "collaborative-rd"],
        capabilities="glass melting, furnace trials, decarbonisation, low-carbon fuels, "
        "materials testing",
        summary="An openly accessible experimental furnace producing up to 30 tonnes of "
        "glass a day, for trials of low-carbon fuels, raw materials and processes, in the "
        "£54 million centre opened in June 2023.",
        description="The 165,000 sq ft centre on James Roby Way, Peasley Cross, is next to "
        "the St Helens rugby league stadium. Members, industry and academics use the "
        "furnace for collaborative or their own trials, including hydrogen, biofuels and "
        "electric melting.",
        eligibility="Glass Futures members and partners from industry and academia.",
        price_basis="membership",
        first_step=ENQUIRE.format(host="Glass Futures"),
        contact_route="Through the Glass Futures website.",
        address="James Roby Way, Peasley Cross",
        town="St Helens",
        latitude="53.441500",
        longitude="-2.726000",
        website="https://www.glass-futures.org/",
        source_url="https://sthelensstar.co.uk/news/23570854.glass-futures-momentous-day-54m-innovation-centre",
    ),
    dict(
        slug="knowledge-quarter-liverpool",
        name="Knowledge Quarter Liverpool",
        kind="programme",
        host="knowledge-quarter-liverpool",
        focal_areas=["materials-chemistry", "infection", "hpc-cognitive-computing"],
        access_models=["membership"],
        capabilities="innovation district, networking",
        summary="Liverpool's innovation district around the universities and hospitals, "
        "including Liverpool Science Park, Paddington Village and The Spine.",
        eligibility="Organisations in or working with the district.",
        price_basis="membership",
        first_step=ENQUIRE.format(host="Knowledge Quarter Liverpool"),
        town="Liverpool",
        latitude="53.406000",
        longitude="-2.969000",
        website="https://www.kqliverpool.co.uk/",
        source_url="https://kqliverpool.co.uk/2025/page/3",
    ),
    dict(
        slug="liverpool-science-park",
        name="Liverpool Science Park",
        kind="facility",
        host="sciontec",
        focal_areas=["hpc-cognitive-computing", "infection"],
        access_models=["tenancy"],
        capabilities="office space, laboratory space",
        summary="Three innovation centres (ic1, ic2, ic3) of offices and serviced labs "
        "by the Metropolitan Cathedral, owned and run by Sciontec since 2020.",
        description="Tenants include university research groups (the University of "
        "Liverpool's Institute of Infection, Veterinary and Ecological Sciences and "
        "LJMU's Astrophysics Research Institute in ic2), science and technology companies "
        "and CPI's Liverpool office.",
        eligibility="Science and technology businesses and research groups.",
        price_basis="rent",
        first_step=ENQUIRE.format(host="Sciontec"),
        address="Mount Pleasant",
        town="Liverpool",
        latitude="53.404000",
        longitude="-2.971000",
        source_url="https://lbndaily.co.uk/sensor-city-in-liverpool-could-reopen-in-months",
    ),
    dict(
        slug="henry-royce-institute",
        name="Henry Royce Institute",
        kind="centre",
        host="henry-royce-institute",
        focal_areas=["materials-chemistry"],
        access_models=["open-access", "collaborative-rd"],
        capabilities="advanced materials, materials characterisation, materials "
        "processing, 2D materials",
        summary="The national institute for advanced materials, with its hub at the "
        "University of Manchester; the University of Liverpool is a founding partner and "
        "the Materials Innovation Factory hosts Royce equipment.",
        description="The nine-floor Royce Hub Building in Manchester hosts £45 million of "
        "equipment for biomedical materials, metals processing, digital fabrication and "
        "sustainable materials, with space for work with industry.",
        eligibility="Academic and industrial users across the UK.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="the Henry Royce Institute"),
        contact_route="Through the Royce website.",
        town="Manchester",
        postcode="M13 9PL",
        latitude="53.468500",
        longitude="-2.233000",
        website="https://www.royce.ac.uk/",
        source_url="https://www.laingorourke.com/company/news/2020/first-look-at-the-henry-royce-institute/",
    ),
    dict(
        slug="centre-for-process-innovation",
        name="Centre for Process Innovation",
        kind="centre",
        host="centre-for-process-innovation",
        focal_areas=["materials-chemistry"],
        access_models=["collaborative-rd", "contract-research"],
        capabilities="process scale-up, formulation, pilot plant, process engineering",
        summary="A technology innovation centre, based at Wilton and NETPark in the North "
        "East, that helps companies develop, prototype and scale up processes and "
        "formulated products.",
        description="Its National Formulation Centre is at NETPark, Sedgefield. In 2021 "
        "Liverpool City Region funding let CPI expand its offices to Liverpool Science "
        "Park while it developed plans for a National Packaging Innovation Centre.",
        eligibility="Companies of all sizes and universities.",
        price_basis="quoted",
        first_step=ENQUIRE.format(host="CPI"),
        contact_route="Through the CPI website.",
        town="Redcar",
        postcode="TS10 4RF",
        latitude="54.582000",
        longitude="-1.118000",
        website="https://www.uk-cpi.com/",
        source_url="https://growthplatform.org/news/2021/10/metro-mayor-announces-backing-for-national-packaging-innovation-centre-that-could-create-2000-jobs/",
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
        related_assets=["hartree-centre"],
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
