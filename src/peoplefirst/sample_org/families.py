"""Job families: titles by level and the skills people in each family tend to have.

`core` skills are the family's everyday work and come with higher levels; `adjacent` ones
show up less often and lower. Weights are relative chances (see `catalog.weights`).
"""

from __future__ import annotations

from typing import NamedTuple


class JobFamily(NamedTuple):
    key: str
    name: str
    titles: tuple[str, ...]  # individual-contributor titles for levels 1..7
    manager_titles: tuple[str, ...]  # managers at level <= 4, 5, 6 and 7
    core: str
    adjacent: str


def _t(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(";"))


FAMILIES: tuple[JobFamily, ...] = (
    JobFamily(
        "software-engineering", "Software Engineering",
        _t("Associate Software Engineer; Software Engineer; Software Engineer II;"
           " Senior Software Engineer; Staff Software Engineer; Principal Software Engineer;"
           " Distinguished Engineer"),
        _t("Engineering Team Lead; Engineering Manager; Senior Engineering Manager;"
           " Director of Engineering"),
        "python .3, java .25, javascript .3, typescript .28, go .12, c-sharp .08, kotlin .06,"
        " ruby .05, php .04, cpp .04, code-review .5, git .45, debugging .4,"
        " rest-api-design .3, test-automation .28, refactoring .25, object-oriented-design .22,"
        " system-design .2, sql .3, microservices .15",
        "docker .2, ci-cd .18, kubernetes .1, aws .12, postgresql .14, redis .06, react .12,"
        " nodejs .1, performance-tuning .08, distributed-systems .06, domain-driven-design .05,"
        " test-driven-development .08, concurrency .05, algorithms .08,"
        " technical-debt-management .07, software-architecture .08,"
        " event-driven-architecture .05, graphql .05, observability .05, shell-scripting .1,"
        " scrum .06, technical-writing .05, incident-management .04, secure-coding .05,"
        " rust .03, scala .02, embedded-systems .02, fastapi-flask .05, spring-boot .05,"
        " dotnet .04",
    ),
    JobFamily(
        "quality-engineering", "Quality Engineering",
        _t("QA Analyst; Quality Engineer; Quality Engineer II; Senior Quality Engineer;"
           " Staff Quality Engineer; Principal Quality Engineer; Distinguished Quality Engineer"),
        _t("QA Team Lead; Quality Engineering Manager; Senior Quality Engineering Manager;"
           " Director of Quality Engineering"),
        "test-automation .7, end-to-end-testing .5, exploratory-testing .45, python .25,"
        " javascript .2, typescript .15, java .15, ci-cd .25, debugging .3, sql .2",
        "performance-tuning .08, accessibility .08, jira .2, git .3, code-review .15,"
        " test-driven-development .1, release-management .1, docker .08",
    ),
    JobFamily(
        "infrastructure", "Infrastructure & Reliability",
        _t("Associate Cloud Engineer; Cloud Engineer; Site Reliability Engineer;"
           " Senior Site Reliability Engineer; Staff Site Reliability Engineer;"
           " Principal Infrastructure Engineer; Distinguished Infrastructure Engineer"),
        _t("SRE Team Lead; Infrastructure Engineering Manager; Senior Infrastructure Manager;"
           " Director of Infrastructure"),
        "kubernetes .45, docker .45, terraform .4, aws .35, google-cloud .12, azure .12,"
        " linux-administration .4, ci-cd .35, observability .3, prometheus-grafana .25,"
        " site-reliability-engineering .25, incident-management .3, networking .2,"
        " shell-scripting .3, go .12, python .2",
        "ansible .1, gitops .1, github-actions .12, serverless .06, cloud-cost-management .08,"
        " disaster-recovery .08, capacity-planning .1, postgresql .1,"
        " database-administration .06, platform-engineering .1, cloud-security .06, redis .05,"
        " mysql .04, elasticsearch .04",
    ),
    JobFamily(
        "it", "IT",
        _t("IT Support Technician; IT Support Specialist; Systems Administrator;"
           " Senior Systems Administrator; IT Lead; Principal IT Architect;"
           " Distinguished IT Architect"),
        _t("IT Team Lead; IT Manager; Senior IT Manager; Director of IT"),
        "it-support .7, endpoint-management .45, windows-server .35,"
        " identity-access-management .35, networking .3, linux-administration .15,"
        " shell-scripting .1",
        "azure .12, security-awareness .1, customer-support .1, ticket-triage .2,"
        " knowledge-base-writing .1, vendor-management .08, disaster-recovery .06",
    ),
    JobFamily(
        "security", "Security",
        _t("Security Analyst; Security Engineer; Security Engineer II; Senior Security Engineer;"
           " Staff Security Engineer; Principal Security Engineer;"
           " Distinguished Security Engineer"),
        _t("Security Team Lead; Security Engineering Manager; Senior Security Manager;"
           " Director of Security"),
        "application-security .35, threat-modeling .3, vulnerability-management .35,"
        " security-operations .25, siem .2, incident-response .25, cloud-security .25,"
        " identity-access-management .2, secure-coding .2, penetration-testing .15,"
        " network-security .15, cryptography .1, security-compliance .15, devsecops .15",
        "python .2, kubernetes .08, aws .12, linux-administration .12, third-party-risk .08,"
        " privacy-engineering .05, security-awareness .1, go .05, policy-writing .04",
    ),
    JobFamily(
        "data-analytics", "Data Analytics",
        _t("Junior Data Analyst; Data Analyst; Data Analyst II; Senior Data Analyst;"
           " Lead Data Analyst; Principal Data Analyst; Distinguished Analyst"),
        _t("Analytics Team Lead; Analytics Manager; Senior Analytics Manager;"
           " Director of Analytics"),
        "sql .8, spreadsheets .45, data-visualization .45, business-intelligence .3,"
        " tableau .2, power-bi .2, looker .15, statistics .3, python .3, ab-testing .15,"
        " product-analytics .1",
        "dbt .12, data-modeling .12, r-language .08, pandas .15, snowflake .1, bigquery .1,"
        " storytelling .08, presentation-skills .08, stakeholder-management .08,"
        " causal-inference .04, data-quality .06",
    ),
    JobFamily(
        "data-science", "Data Science & Machine Learning",
        _t("Junior Data Scientist; Data Scientist; Data Scientist II; Senior Data Scientist;"
           " Staff Data Scientist; Principal Data Scientist; Distinguished Scientist"),
        _t("Data Science Team Lead; Data Science Manager; Senior Data Science Manager;"
           " Director of Data Science"),
        "python .8, machine-learning .7, statistics .5, sql .5, pandas .45, deep-learning .25,"
        " natural-language-processing .15, computer-vision .08, recommender-systems .08,"
        " mlops .15, ab-testing .2, causal-inference .12, time-series-forecasting .12,"
        " llm-applications .15",
        "prompt-engineering .1, apache-spark .12, r-language .08, data-visualization .12,"
        " docker .06, kubernetes .04, google-cloud .06, aws .08, algorithms .06,"
        " technical-writing .04",
    ),
    JobFamily(
        "data-engineering", "Data Engineering",
        _t("Associate Data Engineer; Data Engineer; Data Engineer II; Senior Data Engineer;"
           " Staff Data Engineer; Principal Data Engineer; Distinguished Data Engineer"),
        _t("Data Engineering Team Lead; Data Engineering Manager;"
           " Senior Data Engineering Manager; Director of Data Engineering"),
        "sql .7, python .6, etl-pipelines .5, data-engineering .4, data-modeling .35,"
        " data-warehousing .3, apache-spark .3, apache-airflow .3, apache-kafka .2, dbt .25,"
        " snowflake .15, bigquery .15, data-quality .2, analytics-engineering .15",
        "scala .06, aws .12, google-cloud .08, docker .1, kubernetes .06, terraform .06,"
        " data-governance .08, postgresql .1, java .06, ci-cd .08",
    ),
    JobFamily(
        "product-management", "Product Management",
        _t("Associate Product Manager; Product Manager; Product Manager II;"
           " Senior Product Manager; Lead Product Manager; Principal Product Manager;"
           " Distinguished Product Manager"),
        _t("Product Lead; Group Product Manager; Director of Product;"
           " Senior Director of Product"),
        "product-discovery .5, roadmapping .5, prioritization .5, user-stories .45,"
        " product-strategy .35, stakeholder-management .4, product-analytics .3, okrs .2,"
        " backlog-management .3, product-launches .25, jobs-to-be-done .15,"
        " competitive-analysis .15",
        "pricing-packaging .08, platform-product-management .08,"
        " growth-product-management .08, user-research .15, ab-testing .1, sql .15,"
        " go-to-market .08, presentation-skills .1, storytelling .08, scrum .1,"
        " product-operations .05, influencing .08",
    ),
    JobFamily(
        "design", "Design",
        _t("Junior Product Designer; Product Designer; Product Designer II;"
           " Senior Product Designer; Staff Product Designer; Principal Designer;"
           " Design Fellow"),
        _t("Design Team Lead; Design Manager; Senior Design Manager; Director of Design"),
        "interaction-design .6, ui-design .5, figma .6, prototyping .45, visual-design .35,"
        " wireframing .3, design-systems .3, usability-testing .3, user-research .3,"
        " accessibility .2, information-architecture .2, design-critique .2",
        "ux-writing .1, journey-mapping .12, service-design .06, design-thinking .12,"
        " html-css .08, survey-design .05, storytelling .06, presentation-skills .06,"
        " brand-management .03",
    ),
    JobFamily(
        "user-research", "User Research",
        _t("Junior UX Researcher; UX Researcher; UX Researcher II; Senior UX Researcher;"
           " Staff UX Researcher; Principal UX Researcher; Research Fellow"),
        _t("Research Team Lead; Research Manager; Senior Research Manager;"
           " Director of User Research"),
        "user-research .9, usability-testing .6, survey-design .45, journey-mapping .35,"
        " jobs-to-be-done .25, statistics .15, storytelling .25, service-design .15,"
        " design-thinking .2",
        "figma .1, prototyping .1, market-research .1, data-visualization .08,"
        " meeting-facilitation .1, presentation-skills .1, voice-of-customer .08",
    ),
    JobFamily(
        "program-management", "Program & Project Management",
        _t("Project Coordinator; Project Manager; Project Manager II; Senior Project Manager;"
           " Lead Program Manager; Principal Program Manager; Distinguished Program Manager"),
        _t("Delivery Lead; Manager, Program Management; Senior Manager, Program Management;"
           " Director of Program Management"),
        "project-planning .6, program-management .35, project-risk-management .4,"
        " stakeholder-management .45, scope-management .3, resource-planning .25, jira .4,"
        " scrum .3, kanban .2, estimation .2, release-management .15, retrospectives .2",
        "scaled-agile .1, agile-coaching .06, portfolio-management .08, budgeting .06,"
        " meeting-facilitation .15, business-writing .1, change-management .06",
    ),
    JobFamily(
        "sales", "Sales",
        _t("Sales Development Representative; Account Executive; Account Executive II;"
           " Senior Account Executive; Enterprise Account Executive;"
           " Strategic Account Executive; Global Account Director"),
        _t("Sales Team Lead; Sales Manager; Senior Sales Manager; Director of Sales"),
        "prospecting .45, lead-qualification .4, discovery-calls .45, solution-selling .35,"
        " objection-handling .35, negotiation .35, closing .35, pipeline-management .35,"
        " salesforce .4, product-demos .3, account-management .25, sales-forecasting .2",
        "enterprise-sales .12, territory-planning .08, rfp-responses .08,"
        " channel-partnerships .05, upselling .12, hubspot .08, presentation-skills .12,"
        " relationship-building .12, storytelling .08, influencing .08, public-speaking .05,"
        " spreadsheets .06, cross-cultural-communication .04",
    ),
    JobFamily(
        "sales-engineering", "Solutions Engineering",
        _t("Associate Solutions Engineer; Solutions Engineer; Solutions Engineer II;"
           " Senior Solutions Engineer; Lead Solutions Engineer; Principal Solutions Architect;"
           " Distinguished Solutions Architect"),
        _t("Solutions Engineering Team Lead; Solutions Engineering Manager;"
           " Senior Solutions Engineering Manager; Director of Solutions Engineering"),
        "sales-engineering .7, product-demos .6, discovery-calls .35, rfp-responses .35,"
        " rest-api-design .2, software-architecture .2, python .2, sql .2, aws .15,"
        " presentation-skills .3, solution-selling .3",
        "security-compliance .1, identity-access-management .08, javascript .1,"
        " technical-writing .1, objection-handling .12, public-speaking .06, kubernetes .04",
    ),
    JobFamily(
        "marketing", "Marketing",
        _t("Marketing Coordinator; Marketing Specialist; Marketing Specialist II;"
           " Senior Marketing Specialist; Marketing Lead; Principal Marketing Strategist;"
           " Marketing Fellow"),
        _t("Marketing Team Lead; Marketing Manager; Senior Marketing Manager;"
           " Director of Marketing"),
        "content-marketing .3, copywriting .3, seo .2, paid-search .15,"
        " social-media-marketing .2, email-marketing .25, marketing-automation .2,"
        " product-marketing .2, positioning-messaging .2, demand-generation .25,"
        " marketing-analytics .2, event-marketing .15, brand-management .12,"
        " growth-marketing .12, go-to-market .15",
        "web-analytics .15, conversion-rate-optimization .08, public-relations .06,"
        " account-based-marketing .08, market-research .1, customer-segmentation .1,"
        " community-management .06, hubspot .12, salesforce .06, storytelling .1,"
        " presentation-skills .06, spreadsheets .08, ab-testing .06, project-planning .06",
    ),
    JobFamily(
        "customer-support", "Customer Support",
        _t("Support Associate; Support Specialist; Support Specialist II;"
           " Senior Support Specialist; Lead Support Engineer; Principal Support Engineer;"
           " Distinguished Support Engineer"),
        _t("Support Team Lead; Support Manager; Senior Support Manager; Director of Support"),
        "customer-support .8, ticket-triage .5, zendesk .5, technical-troubleshooting .45,"
        " de-escalation .35, knowledge-base-writing .3, escalation-management .25,"
        " sla-management .2, active-listening .2",
        "support-operations .08, nps-csat .1, voice-of-customer .08, sql .08, jira .1,"
        " customer-education .06, cross-cultural-communication .05, business-writing .1,"
        " emotional-intelligence .06",
    ),
    JobFamily(
        "customer-success", "Customer Success",
        _t("Associate Customer Success Manager; Customer Success Manager;"
           " Customer Success Manager II; Senior Customer Success Manager;"
           " Lead Customer Success Manager; Principal Customer Success Manager;"
           " Global Customer Success Director"),
        _t("Customer Success Team Lead; Manager, Customer Success;"
           " Senior Manager, Customer Success; Director of Customer Success"),
        "customer-success-management .7, customer-onboarding .45, renewals .4,"
        " churn-prevention .4, business-reviews .35, customer-health-scoring .25,"
        " account-management .3, upselling .2, relationship-building .25,"
        " voice-of-customer .2",
        "salesforce .2, nps-csat .1, customer-education .1, negotiation .1,"
        " presentation-skills .12, spreadsheets .1, project-planning .08, product-demos .08,"
        " stakeholder-management .12",
    ),
    JobFamily(
        "finance", "Finance",
        _t("Finance Associate; Financial Analyst; Financial Analyst II;"
           " Senior Financial Analyst; Lead Financial Analyst; Principal Finance Partner;"
           " Distinguished Finance Partner"),
        _t("Finance Team Lead; Finance Manager; Senior Finance Manager; Director of Finance"),
        "fpa .6, budgeting .5, financial-modeling .5, financial-forecasting .45,"
        " variance-analysis .45, spreadsheets .7, business-cases .25, unit-economics .2,"
        " power-bi .1, sql .12",
        "treasury .06, cash-flow-management .1, investor-relations .04,"
        " mergers-acquisitions .04, pricing-packaging .05, netsuite .08, sap .08,"
        " presentation-skills .1, stakeholder-management .1, data-visualization .08",
    ),
    JobFamily(
        "accounting", "Accounting",
        _t("Accounting Associate; Accountant; Accountant II; Senior Accountant;"
           " Lead Accountant; Principal Accountant; Distinguished Technical Accountant"),
        _t("Accounting Team Lead; Accounting Manager; Senior Accounting Manager;"
           " Director of Accounting"),
        "general-ledger .6, month-end-close .6, accounts-payable .3, accounts-receivable .3,"
        " revenue-recognition .25, us-gaap .3, ifrs .25, spreadsheets .6, netsuite .2,"
        " sap .2, sox-compliance .15, cost-accounting .15",
        "tax-compliance .08, indirect-tax .06, transfer-pricing .04, internal-audit .08,"
        " treasury .05, payroll .05, process-improvement .06, variance-analysis .1",
    ),
    JobFamily(
        "people", "People & HR",
        _t("People Operations Coordinator; HR Generalist; People Partner;"
           " Senior People Partner; Lead People Partner; Principal People Partner;"
           " Distinguished People Partner"),
        _t("People Team Lead; HR Manager; Senior HR Manager; Director of People"),
        "hr-business-partnering .35, employee-relations .35, performance-management .35,"
        " compensation-benefits .25, hris .3, employee-onboarding .3, employment-law .2,"
        " workforce-planning .15, organizational-design .12, employee-engagement .2,"
        " people-analytics .12, diversity-equity-inclusion .15, payroll .12,"
        " succession-planning .1",
        "coaching .12, change-management .1, conflict-resolution .12, policy-writing .08,"
        " spreadsheets .1, global-mobility .06, difficult-conversations .1,"
        " active-listening .1",
    ),
    JobFamily(
        "recruiting", "Talent Acquisition",
        _t("Recruiting Coordinator; Recruiter; Recruiter II; Senior Recruiter; Lead Recruiter;"
           " Principal Recruiter; Executive Search Partner"),
        _t("Recruiting Team Lead; Recruiting Manager; Senior Recruiting Manager;"
           " Director of Talent Acquisition"),
        "talent-acquisition .8, candidate-sourcing .55, structured-interviewing .5,"
        " employer-branding .2, relationship-building .2, negotiation .2, hris .15",
        "diversity-equity-inclusion .12, workforce-planning .06, social-media-marketing .05,"
        " employee-onboarding .1, people-analytics .06, active-listening .08",
    ),
    JobFamily(
        "learning-development", "Learning & Development",
        _t("Learning Coordinator; Learning Specialist; Learning Specialist II;"
           " Senior Learning Specialist; Lead Learning Designer;"
           " Principal Learning Consultant; Distinguished Learning Consultant"),
        _t("L&D Team Lead; L&D Manager; Senior L&D Manager;"
           " Director of Learning & Development"),
        "instructional-design .45, workshop-facilitation .5, learning-needs-analysis .35,"
        " curriculum-design .3, e-learning-authoring .25, lms-administration .2,"
        " training-evaluation .25, onboarding-programs .2, mentoring .25, peer-learning .2,"
        " learning-experience-design .2, competency-frameworks .15, knowledge-management .15,"
        " professional-coaching .12",
        "coaching .15, public-speaking .1, storytelling .1, change-management .08,"
        " presentation-skills .1, meeting-facilitation .12, survey-design .06",
    ),
    JobFamily(
        "legal", "Legal",
        _t("Legal Assistant; Paralegal; Legal Counsel; Senior Legal Counsel; Lead Counsel;"
           " Principal Counsel; Deputy General Counsel"),
        _t("Legal Team Lead; Managing Counsel; Senior Managing Counsel;"
           " Associate General Counsel"),
        "contract-drafting .6, contract-negotiation .55, commercial-law .45,"
        " employment-law .15, data-protection .25, intellectual-property .2,"
        " corporate-governance .15, litigation-management .12, open-source-licensing .08,"
        " policy-writing .2",
        "regulatory-compliance .12, privacy-impact-assessment .1, export-controls .06,"
        " ai-governance .06, negotiation .1, business-writing .15,"
        " enterprise-risk-management .06, mergers-acquisitions .05",
    ),
    JobFamily(
        "compliance", "Compliance & Risk",
        _t("Compliance Associate; Compliance Analyst; Compliance Analyst II;"
           " Senior Compliance Analyst; Compliance Lead; Principal Risk Advisor;"
           " Distinguished Risk Advisor"),
        _t("Compliance Team Lead; Compliance Manager; Senior Compliance Manager;"
           " Director of Compliance"),
        "regulatory-compliance .6, enterprise-risk-management .35, policy-writing .4,"
        " anti-money-laundering .2, export-controls .15, data-protection .3,"
        " privacy-impact-assessment .25, ethics-investigations .2, security-compliance .15,"
        " third-party-risk .15, ai-governance .1",
        "internal-audit .1, sox-compliance .1, business-writing .12,"
        " workshop-facilitation .05, process-mapping .06, spreadsheets .08",
    ),
    JobFamily(
        "operations", "Business Operations",
        _t("Operations Associate; Operations Analyst; Business Operations Analyst;"
           " Senior Business Operations Analyst; Business Operations Lead;"
           " Principal Business Operations Partner; Distinguished Strategy Partner"),
        _t("Operations Team Lead; Operations Manager; Senior Operations Manager;"
           " Director of Operations"),
        "business-operations .6, process-improvement .4, process-mapping .3,"
        " spreadsheets .55, sql .25, okrs .2, project-planning .25, data-visualization .15,"
        " business-cases .2, vendor-management .15",
        "lean .1, six-sigma .06, strategic-thinking .12, stakeholder-management .15,"
        " presentation-skills .1, facilities-management .06, business-continuity .05,"
        " revenue-operations .06, power-bi .06",
    ),
    JobFamily(
        "supply-chain", "Supply Chain",
        _t("Supply Chain Coordinator; Supply Chain Analyst; Supply Chain Planner;"
           " Senior Supply Chain Planner; Supply Chain Lead;"
           " Principal Supply Chain Strategist; Distinguished Supply Chain Strategist"),
        _t("Supply Chain Team Lead; Supply Chain Manager; Senior Supply Chain Manager;"
           " Director of Supply Chain"),
        "supply-chain-planning .5, demand-planning .4, inventory-management .45,"
        " logistics .4, procurement .35, strategic-sourcing .2, vendor-management .3,"
        " sales-operations-planning .2, warehouse-operations .25, sap .2, spreadsheets .5,"
        " lean .15",
        "six-sigma .1, quality-management .1, health-safety .06, sustainability-reporting .05,"
        " negotiation .1, time-series-forecasting .05, process-improvement .12, sql .08",
    ),
    JobFamily(
        "workplace", "Workplace & Facilities",
        _t("Workplace Coordinator; Workplace Specialist; Facilities Specialist;"
           " Senior Facilities Specialist; Workplace Lead; Principal Workplace Strategist;"
           " Distinguished Workplace Strategist"),
        _t("Workplace Team Lead; Facilities Manager; Senior Facilities Manager;"
           " Director of Workplace"),
        "facilities-management .7, health-safety .45, vendor-management .4,"
        " business-continuity .2, procurement .2, sustainability-reporting .12",
        "budgeting .1, project-planning .15, it-support .06, spreadsheets .2,"
        " process-improvement .08",
    ),
)  # fmt: skip

# Skills managers pick up, beyond their family's: the first list for every manager, the
# second for managers of managers.
LEADERSHIP = (
    "people-management .9, one-on-ones .45, giving-feedback .5, coaching .35, delegation .35,"
    " hiring-and-team-building .35, career-development .25, conflict-resolution .2,"
    " difficult-conversations .2, remote-leadership .12, inclusive-leadership .12,"
    " decision-making .25, culture-building .15, change-management .15"
)
SENIOR_LEADERSHIP = (
    "leading-managers .6, strategic-thinking .5, organizational-design .12, pnl-management .1,"
    " change-management .3, influencing .2, cross-functional-leadership .25"
)

# Skills anyone may have a little of, whatever their family.
EVERYDAY = (
    "collaboration .08, problem-solving .08, business-writing .06, presentation-skills .06,"
    " public-speaking .03, time-management .05, critical-thinking .05, active-listening .04,"
    " mentoring .04, cross-cultural-communication .03, storytelling .03,"
    " meeting-facilitation .03, emotional-intelligence .03, relationship-building .03"
)

# What people say they want to learn beyond their own family's skills.
GROWTH = (
    "public-speaking .5, storytelling .4, influencing .4, negotiation .3, business-writing .3,"
    " presentation-skills .4, time-management .3, emotional-intelligence .2, python .3,"
    " sql .4, data-visualization .3, machine-learning .25, llm-applications .3,"
    " prompt-engineering .3, product-discovery .15, user-research .15, ux-writing .1,"
    " financial-modeling .15, spreadsheets .2, coaching .2, mentoring .2, giving-feedback .2,"
    " meeting-facilitation .15, cross-cultural-communication .1"
)
ASPIRING_MANAGER = (
    "people-management .5, coaching .4, giving-feedback .4, delegation .3,"
    " strategic-thinking .3, difficult-conversations .2, one-on-ones .2"
)
