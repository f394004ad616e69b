"""The sample company's shape: divisions and their departments, and the places people work.

Static data only. Weights are written as text ("python .3, sql .5") so a blueprint reads
like a table; `weights()` turns them into pairs. Shares are relative within their list.
"""

from __future__ import annotations

from typing import NamedTuple

COMPANY_NAME = "Northwind"

# The few people who report straight to the chief executive without a division: title
# and level, in the order they join as the company grows.
EXECUTIVE_STAFF = (("Chief of Staff", 6), ("Executive Assistant", 3), ("Head of Strategy", 6))


class Location(NamedTuple):
    key: str
    city: str
    country: str
    time_zone: str
    languages: tuple[str, ...]  # ISO 639-1; the first is the one most people there speak
    english: float  # share of people here who also work in English
    name_regions: str  # weights over `names.NAME_REGIONS`


class DepartmentBlueprint(NamedTuple):
    name: str
    share: float
    families: str  # weights over job families; the first is the one its managers come from
    focus: str  # skills this department leans on, as weights
    teams: tuple[str, ...]  # stems for the names of its groups and teams


class Division(NamedTuple):
    name: str
    share: float
    head_title: str
    family: str
    locations: str  # weights over location keys
    departments: tuple[DepartmentBlueprint, ...]


def weights(text: str) -> tuple[tuple[str, float], ...]:
    """Parse "key .3, other 1" into (("key", 0.3), ("other", 1.0))."""
    pairs = []
    for part in text.split(","):
        if part.strip():
            key, _, weight = part.strip().rpartition(" ")
            pairs.append((key.strip(), float(weight)))
    return tuple(pairs)


def _teams(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


LOCATIONS: tuple[Location, ...] = (
    Location("san-francisco", "San Francisco", "United States", "America/Los_Angeles",
             ("en", "es", "zh"), 1.0,
             "anglo .45, hispanic .14, chinese .12, indian .12, korean .04, vietnamese .05,"
             " filipino .04, west_african .02, arabic .02"),
    Location("new-york", "New York", "United States", "America/New_York", ("en", "es"), 1.0,
             "anglo .5, hispanic .18, chinese .07, indian .08, west_african .05, irish .04,"
             " korean .03, arabic .03, polish .02"),
    Location("austin", "Austin", "United States", "America/Chicago", ("en", "es"), 1.0,
             "anglo .55, hispanic .25, indian .08, vietnamese .05, chinese .04, korean .03"),
    Location("toronto", "Toronto", "Canada", "America/Toronto", ("en", "fr"), 1.0,
             "anglo .38, chinese .14, indian .15, french .08, filipino .06, arabic .05,"
             " irish .04, korean .04, west_african .03, polish .03"),
    Location("mexico-city", "Mexico City", "Mexico", "America/Mexico_City", ("es",), 0.7,
             "hispanic .94, anglo .03, french .03"),
    Location("sao-paulo", "São Paulo", "Brazil", "America/Sao_Paulo", ("pt", "es"), 0.7,
             "brazilian .88, japanese .05, hispanic .04, arabic .03"),
    Location("london", "London", "United Kingdom", "Europe/London", ("en",), 1.0,
             "anglo .52, indian .12, west_african .06, irish .05, polish .05, french .04,"
             " chinese .04, arabic .04, turkish .02, hispanic .02, nordic .02, german .02"),
    Location("dublin", "Dublin", "Ireland", "Europe/Dublin", ("en", "ga"), 1.0,
             "irish .55, anglo .15, polish .08, brazilian .06, indian .06, french .04,"
             " hispanic .03, german .03"),
    Location("berlin", "Berlin", "Germany", "Europe/Berlin", ("de",), 0.85,
             "german .62, turkish .1, polish .06, anglo .05, hispanic .04, french .03,"
             " indian .04, arabic .03, nordic .03"),
    Location("paris", "Paris", "France", "Europe/Paris", ("fr",), 0.75,
             "french .72, arabic .12, west_african .06, vietnamese .03, hispanic .03,"
             " anglo .02, chinese .02"),
    Location("madrid", "Madrid", "Spain", "Europe/Madrid", ("es",), 0.7,
             "hispanic .88, french .03, arabic .03, anglo .03, brazilian .03"),
    Location("amsterdam", "Amsterdam", "Netherlands", "Europe/Amsterdam", ("nl",), 0.95,
             "dutch .58, turkish .07, indian .07, anglo .06, german .05, arabic .05,"
             " polish .04, hispanic .04, french .04"),
    Location("warsaw", "Warsaw", "Poland", "Europe/Warsaw", ("pl",), 0.85,
             "polish .9, anglo .03, german .03, hispanic .02, indian .02"),
    Location("stockholm", "Stockholm", "Sweden", "Europe/Stockholm", ("sv",), 0.95,
             "nordic .78, arabic .06, polish .04, turkish .03, anglo .04, german .03,"
             " indian .02"),
    Location("lagos", "Lagos", "Nigeria", "Africa/Lagos", ("en", "yo", "ig"), 1.0,
             "west_african .96, anglo .02, indian .02"),
    Location("nairobi", "Nairobi", "Kenya", "Africa/Nairobi", ("en", "sw"), 1.0,
             "east_african .92, indian .05, anglo .03"),
    Location("dubai", "Dubai", "United Arab Emirates", "Asia/Dubai", ("ar", "en"), 0.95,
             "arabic .42, indian .3, filipino .1, anglo .08, west_african .03, french .03,"
             " german .02, turkish .02"),
    Location("bangalore", "Bengaluru", "India", "Asia/Kolkata", ("hi", "kn", "ta", "te"), 0.97,
             "indian .97, anglo .02, chinese .01"),
    Location("singapore", "Singapore", "Singapore", "Asia/Singapore", ("en", "zh", "ms", "ta"),
             1.0, "chinese .55, malay .13, indian .14, anglo .06, filipino .05, vietnamese .04,"
             " korean .03"),
    Location("tokyo", "Tokyo", "Japan", "Asia/Tokyo", ("ja",), 0.6,
             "japanese .9, anglo .04, korean .03, chinese .03"),
    Location("seoul", "Seoul", "South Korea", "Asia/Seoul", ("ko",), 0.65,
             "korean .94, anglo .03, chinese .03"),
    Location("shanghai", "Shanghai", "China", "Asia/Shanghai", ("zh",), 0.6,
             "chinese .95, anglo .02, japanese .02, korean .01"),
    Location("manila", "Manila", "Philippines", "Asia/Manila", ("tl", "en"), 1.0,
             "filipino .93, chinese .04, anglo .03"),
    Location("sydney", "Sydney", "Australia", "Australia/Sydney", ("en",), 1.0,
             "anglo .55, chinese .12, indian .1, vietnamese .05, irish .05, korean .04,"
             " arabic .03, filipino .03, hispanic .03"),
)  # fmt: skip

# Languages people sometimes add beyond their location's and English.
EXTRA_LANGUAGES = ("es", "fr", "de", "pt", "zh", "ar", "hi", "ja", "it", "ru", "nl", "ko")

_GLOBAL = (
    "san-francisco .15, new-york .12, london .12, dublin .07, berlin .07, toronto .06,"
    " singapore .06, bangalore .08, sydney .05, amsterdam .04, paris .04, sao-paulo .03,"
    " mexico-city .03, tokyo .02, dubai .02, warsaw .02, stockholm .02"
)

DIVISIONS: tuple[Division, ...] = (
    Division(
        "Engineering", 0.30, "Chief Technology Officer", "software-engineering",
        "san-francisco .13, new-york .05, austin .06, toronto .07, berlin .1, amsterdam .04,"
        " warsaw .08, stockholm .04, london .06, bangalore .15, singapore .04, sao-paulo .04,"
        " lagos .04, nairobi .03, tokyo .02, seoul .02, shanghai .02, dublin .02",
        (
            DepartmentBlueprint(
                "Product Engineering", 0.34,
                "software-engineering .88, quality-engineering .06, program-management .03,"
                " data-analytics .03",
                "react .5, typescript .5, nodejs .3, html-css .3, rest-api-design .3,"
                " graphql .15, django .12, ruby-on-rails .1, microservices .2, postgresql .2",
                _teams("Checkout, Payments, Search, Catalog, Accounts, Notifications,"
                       " Onboarding, Growth, Integrations, Billing, Reporting, Messaging,"
                       " Marketplace, Pricing Engine"),
            ),
            DepartmentBlueprint(
                "Mobile Engineering", 0.10,
                "software-engineering .9, quality-engineering .1",
                "swift .6, kotlin .6, ios-development .6, android-development .6,"
                " react-native .3, flutter .15",
                _teams("iOS App, Android App, Mobile Platform, Mobile Growth, Offline Sync,"
                       " Mobile Releases"),
            ),
            DepartmentBlueprint(
                "Platform & Infrastructure", 0.20,
                "infrastructure .6, software-engineering .35, security .05",
                "kubernetes .5, terraform .4, go .4, observability .3, platform-engineering .3,"
                " ci-cd .3, site-reliability-engineering .3, distributed-systems .2,"
                " postgresql .2",
                _teams("Developer Experience, Build & Release, Core Services, Compute, Storage,"
                       " Networking, Observability, Databases, Identity Platform, Edge,"
                       " Cloud Foundations"),
            ),
            DepartmentBlueprint(
                "Data & AI", 0.16,
                "data-engineering .35, data-science .35, data-analytics .2,"
                " software-engineering .1",
                "python .3, sql .3, machine-learning .3, apache-spark .2, llm-applications .2,"
                " mlops .2, apache-airflow .2",
                _teams("Data Platform, Machine Learning, Experimentation, Recommendations,"
                       " Forecasting, Data Governance, Analytics Engineering, Search Relevance,"
                       " Applied AI, Fraud Models"),
            ),
            DepartmentBlueprint(
                "Security", 0.08,
                "security .9, infrastructure .1",
                "application-security .3, threat-modeling .3, cloud-security .3",
                _teams("Application Security, Security Operations, Cloud Security,"
                       " Identity & Access, Security Compliance, Detection & Response,"
                       " Product Security"),
            ),
            DepartmentBlueprint(
                "Quality Engineering", 0.07,
                "quality-engineering .85, software-engineering .15",
                "test-automation .5, end-to-end-testing .4, performance-tuning .2",
                _teams("Test Automation, Release Quality, Performance Testing, Mobile QA,"
                       " Accessibility QA"),
            ),
            DepartmentBlueprint(
                "IT", 0.05,
                "it .85, infrastructure .1, security .05",
                "it-support .4, endpoint-management .4, identity-access-management .3",
                _teams("Service Desk, Workplace Technology, Enterprise Applications,"
                       " IT Infrastructure, End-User Computing"),
            ),
        ),
    ),
    Division(
        "Product & Design", 0.07, "Chief Product Officer", "product-management",
        "san-francisco .3, new-york .12, london .12, berlin .1, toronto .08, bangalore .1,"
        " amsterdam .06, singapore .06, stockholm .06",
        (
            DepartmentBlueprint(
                "Product Management", 0.45, "product-management .9, data-analytics .1",
                "product-discovery .3, roadmapping .3",
                _teams("Core Product, Growth, Platform, Payments, Mobile, Enterprise,"
                       " Marketplace, AI Products"),
            ),
            DepartmentBlueprint(
                "Design", 0.30, "design .9, user-research .1",
                "figma .3, design-systems .3",
                _teams("Product Design, Design Systems, Brand Design, Content Design,"
                       " Mobile Design"),
            ),
            DepartmentBlueprint(
                "User Research", 0.10, "user-research 1", "user-research .5",
                _teams("Research Operations, Product Research, Market Insights"),
            ),
            DepartmentBlueprint(
                "Program Management", 0.15, "program-management .9, product-management .1",
                "program-management .4",
                _teams("Technical Programs, Launch Management, Delivery Office, Portfolio Office"),
            ),
        ),
    ),
    Division(
        "Sales", 0.18, "Chief Revenue Officer", "sales",
        "new-york .12, san-francisco .07, austin .08, toronto .05, mexico-city .05,"
        " sao-paulo .06, london .12, paris .06, berlin .05, madrid .04, dubai .05,"
        " singapore .07, tokyo .05, sydney .06, seoul .03, shanghai .03, amsterdam .01",
        (
            DepartmentBlueprint(
                "Sales Americas", 0.30, "sales .95, sales-engineering .05",
                "enterprise-sales .2",
                _teams("Enterprise East, Enterprise West, Mid-Market, Commercial,"
                       " Public Sector, Canada, Latin America, Strategic Accounts"),
            ),
            DepartmentBlueprint(
                "Sales EMEA", 0.25, "sales .95, sales-engineering .05",
                "cross-cultural-communication .2",
                _teams("UK & Ireland, DACH, France, Benelux, Nordics, Southern Europe,"
                       " Middle East, Africa, Central Europe"),
            ),
            DepartmentBlueprint(
                "Sales APAC", 0.15, "sales .95, sales-engineering .05",
                "cross-cultural-communication .2",
                _teams("Japan, Korea, Australia & New Zealand, Southeast Asia, India,"
                       " Greater China"),
            ),
            DepartmentBlueprint(
                "Solutions Engineering", 0.15, "sales-engineering .95, software-engineering .05",
                "sales-engineering .3",
                _teams("Pre-Sales Americas, Pre-Sales EMEA, Pre-Sales APAC, Proofs of Concept,"
                       " Technical Partnerships"),
            ),
            DepartmentBlueprint(
                "Sales Operations", 0.07, "operations .5, sales .3, data-analytics .2",
                "revenue-operations .6, salesforce .5, sales-forecasting .3",
                _teams("Revenue Operations, Deal Desk, Sales Analytics, Sales Systems"),
            ),
            DepartmentBlueprint(
                "Partnerships", 0.08, "sales .9, marketing .1",
                "channel-partnerships .6",
                _teams("Channel, Alliances, Technology Partners, Marketplaces"),
            ),
        ),
    ),
    Division(
        "Marketing", 0.07, "Chief Marketing Officer", "marketing",
        "new-york .2, san-francisco .15, london .15, austin .08, berlin .07, paris .07,"
        " amsterdam .06, sydney .06, singapore .06, sao-paulo .05, tokyo .05",
        (
            DepartmentBlueprint(
                "Product Marketing", 0.25, "marketing 1",
                "product-marketing .6, positioning-messaging .5, go-to-market .4,"
                " competitive-analysis .2",
                _teams("Platform Marketing, Solutions Marketing, Competitive Intelligence,"
                       " Launches"),
            ),
            DepartmentBlueprint(
                "Growth Marketing", 0.30, "marketing .9, data-analytics .1",
                "growth-marketing .5, paid-search .4, seo .4, email-marketing .3,"
                " conversion-rate-optimization .3, web-analytics .3",
                _teams("Acquisition, Lifecycle, Web, SEO, Paid Media, Conversion"),
            ),
            DepartmentBlueprint(
                "Brand & Communications", 0.20, "marketing .9, design .1",
                "brand-management .5, public-relations .5, copywriting .4, content-marketing .3",
                _teams("Brand, Communications, Content Studio, Social"),
            ),
            DepartmentBlueprint(
                "Events & Community", 0.12, "marketing 1",
                "event-marketing .6, community-management .5",
                _teams("Field Events, Flagship Conference, Community, Developer Relations"),
            ),
            DepartmentBlueprint(
                "Marketing Operations", 0.13, "marketing .7, data-analytics .3",
                "marketing-automation .5, marketing-analytics .5, hubspot .3",
                _teams("Marketing Systems, Campaign Operations, Marketing Analytics"),
            ),
        ),
    ),
    Division(
        "Customer Experience", 0.12, "Chief Customer Officer", "customer-success",
        "manila .2, dublin .12, austin .1, mexico-city .07, warsaw .08, bangalore .12,"
        " nairobi .06, lagos .05, sao-paulo .05, sydney .04, tokyo .03, london .04,"
        " new-york .04",
        (
            DepartmentBlueprint(
                "Customer Support", 0.45, "customer-support 1", "customer-support .3",
                _teams("Tier 1 Support, Tier 2 Support, Technical Support, Billing Support,"
                       " Enterprise Support, Follow-the-Sun, Chat Support, Mobile Support"),
            ),
            DepartmentBlueprint(
                "Customer Success", 0.30, "customer-success .95, customer-support .05",
                "customer-success-management .3",
                _teams("Enterprise Success, Mid-Market Success, Scaled Success, Renewals,"
                       " Customer Onboarding"),
            ),
            DepartmentBlueprint(
                "Professional Services", 0.15,
                "program-management .4, sales-engineering .3, customer-success .3",
                "customer-onboarding .4, project-planning .3",
                _teams("Implementation, Technical Consulting, Migrations, Training Services"),
            ),
            DepartmentBlueprint(
                "Support Operations", 0.10,
                "customer-support .6, operations .2, data-analytics .2",
                "support-operations .6, sla-management .3, zendesk .3",
                _teams("Workforce Management, Support Tooling, Support Quality,"
                       " Knowledge Management"),
            ),
        ),
    ),
    Division(
        "Finance", 0.05, "Chief Financial Officer", "finance",
        "new-york .3, london .15, dublin .15, san-francisco .1, singapore .08, warsaw .08,"
        " bangalore .08, amsterdam .06",
        (
            DepartmentBlueprint(
                "FP&A", 0.30, "finance 1", "fpa .4",
                _teams("Corporate FP&A, Business Finance, Revenue Planning, Cost Planning"),
            ),
            DepartmentBlueprint(
                "Accounting", 0.35, "accounting 1", "general-ledger .3",
                _teams("General Accounting, Revenue Accounting, Payables, Receivables,"
                       " Financial Reporting, Payroll Accounting"),
            ),
            DepartmentBlueprint(
                "Tax & Treasury", 0.12, "accounting .6, finance .4",
                "tax-compliance .5, indirect-tax .4, transfer-pricing .3, treasury .4,"
                " cash-flow-management .4",
                _teams("Tax, Treasury, Transfer Pricing"),
            ),
            DepartmentBlueprint(
                "Procurement", 0.13, "supply-chain .7, finance .3",
                "procurement .7, strategic-sourcing .5, vendor-management .5",
                _teams("Strategic Sourcing, Purchasing, Supplier Management"),
            ),
            DepartmentBlueprint(
                "Internal Audit", 0.10, "accounting .6, compliance .4",
                "internal-audit .7, sox-compliance .5",
                _teams("Audit, SOX Program"),
            ),
        ),
    ),
    Division(
        "People", 0.04, "Chief People Officer", "people",
        "new-york .2, london .15, san-francisco .12, dublin .1, berlin .07, toronto .07,"
        " bangalore .1, singapore .07, sydney .05, sao-paulo .04, warsaw .03",
        (
            DepartmentBlueprint(
                "Talent Acquisition", 0.35, "recruiting 1", "talent-acquisition .3",
                _teams("Tech Recruiting, Go-to-Market Recruiting, Corporate Recruiting,"
                       " Sourcing, Recruiting Operations, Early Careers"),
            ),
            DepartmentBlueprint(
                "People Partners", 0.20, "people 1", "hr-business-partnering .5",
                _teams("Engineering Partners, Go-to-Market Partners, Corporate Partners,"
                       " Employee Relations"),
            ),
            DepartmentBlueprint(
                "Total Rewards", 0.12, "people .8, finance .2",
                "compensation-benefits .7, payroll .4, people-analytics .2",
                _teams("Compensation, Benefits, Payroll, Global Mobility"),
            ),
            DepartmentBlueprint(
                "Learning & Development", 0.15, "learning-development .9, people .1",
                "peer-learning .2, mentoring .2",
                _teams("Leadership Development, Technical Academy, Onboarding,"
                       " Learning Platform, Mentoring Programs"),
            ),
            DepartmentBlueprint(
                "People Operations", 0.18, "people .85, data-analytics .15",
                "hris .5, people-analytics .3, employee-onboarding .3",
                _teams("People Systems, People Analytics, HR Services, Employee Experience"),
            ),
        ),
    ),
    Division(
        "Legal & Compliance", 0.015, "General Counsel", "legal",
        "new-york .3, san-francisco .2, london .2, dublin .15, singapore .08, berlin .07",
        (
            DepartmentBlueprint(
                "Commercial Legal", 0.45, "legal 1", "commercial-law .3",
                _teams("Sales Contracts, Procurement Contracts, Product Counsel,"
                       " Partnerships Counsel"),
            ),
            DepartmentBlueprint(
                "Privacy & Compliance", 0.35, "compliance .7, legal .3",
                "data-protection .4, regulatory-compliance .3",
                _teams("Privacy, Regulatory, Trade Compliance, Ethics & Investigations"),
            ),
            DepartmentBlueprint(
                "Corporate Legal", 0.20, "legal 1",
                "corporate-governance .5, intellectual-property .4, employment-law .3,"
                " litigation-management .3",
                _teams("Corporate, Employment, Intellectual Property, Litigation"),
            ),
        ),
    ),
    Division(
        "Operations", 0.095, "Chief Operating Officer", "operations",
        "austin .14, mexico-city .1, sao-paulo .08, warsaw .1, amsterdam .1, dubai .08,"
        " singapore .08, sydney .06, manila .06, new-york .06, london .06, shanghai .08",
        (
            DepartmentBlueprint(
                "Supply Chain", 0.30, "supply-chain 1", "supply-chain-planning .3",
                _teams("Supply Planning, Inventory, Demand Planning, Supplier Operations, S&OP"),
            ),
            DepartmentBlueprint(
                "Logistics & Fulfilment", 0.30, "supply-chain .9, operations .1",
                "logistics .6, warehouse-operations .6",
                _teams("Fulfilment North, Fulfilment South, Transportation, Returns,"
                       " Last Mile, Inbound"),
            ),
            DepartmentBlueprint(
                "Business Operations", 0.15, "operations 1", "business-operations .4",
                _teams("Strategy, Planning & Analytics, Operational Excellence,"
                       " Chief of Staff Office"),
            ),
            DepartmentBlueprint(
                "Workplace & Facilities", 0.15, "workplace .9, operations .1",
                "facilities-management .4",
                _teams("Workplace Services, Real Estate, Health & Safety, Events & Travel"),
            ),
            DepartmentBlueprint(
                "Quality & Process", 0.10, "operations .6, supply-chain .4",
                "lean .5, six-sigma .4, quality-management .5, process-improvement .5",
                _teams("Quality Assurance, Continuous Improvement, Process Excellence"),
            ),
        ),
    ),
)  # fmt: skip

COMPANY_LOCATIONS = _GLOBAL

# Second words for teams inside a group ("Payments Core", "Payments Insights").
TEAM_QUALIFIERS = (
    "Core", "Platform", "Experience", "Insights", "Tooling", "Operations", "Quality",
    "Enablement", "Integrations", "Foundations", "Automation", "Programs",
)  # fmt: skip
