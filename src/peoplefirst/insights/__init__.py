"""Learning insights for the organization. Pure: numpy and scipy.sparse, no web or database.

The inputs are columns (`model.py`); `network.py` builds the learning network and its graph
measures; `experts.py` finds go-to people, overloaded guides, hidden experts and rising
stars; `brokers.py` brokers and isolated teams; `mix.py` the connection mix; `programs.py`
program health and requests; `roi.py` the ROI estimate; `privacy.py` the minimum group size
every aggregate passes; `synthetic.py` realistic activity at any size. See docs/insights.md.
"""

from peoplefirst.insights.brokers import (
    Broker,
    GroupTies,
    brokers,
    departments_reached,
    isolated_groups,
    teams,
)
from peoplefirst.insights.experts import (
    GoToPerson,
    HelpRecord,
    HiddenExpert,
    Overloaded,
    RisingStar,
    go_to_by_skill,
    go_to_people,
    help_record,
    hidden_experts,
    overloaded_guides,
    rising_stars,
)
from peoplefirst.insights.mix import Mix, connection_mix, crossing_by_group, mix_by_attribute
from peoplefirst.insights.model import (
    LearningEvents,
    LearningTie,
    MatchState,
    OnboardingCohort,
    People,
    PersonFacts,
    ProgramMatches,
    Requests,
    TieKind,
    day_number,
)
from peoplefirst.insights.network import (
    Components,
    LearningNetwork,
    Weighting,
    betweenness,
    components,
    learning_network,
    pagerank,
)
from peoplefirst.insights.privacy import MIN_GROUP_SIZE, Guarded, guard
from peoplefirst.insights.programs import (
    ProgramHealth,
    RequestTotals,
    SkillRequests,
    program_health,
    request_totals,
    requests_by_skill,
)
from peoplefirst.insights.roi import RoiAssumptions, RoiEstimate, roi_estimate

__all__ = [
    "MIN_GROUP_SIZE",
    "Broker",
    "Components",
    "GoToPerson",
    "GroupTies",
    "Guarded",
    "HelpRecord",
    "HiddenExpert",
    "LearningEvents",
    "LearningNetwork",
    "LearningTie",
    "MatchState",
    "Mix",
    "OnboardingCohort",
    "Overloaded",
    "People",
    "PersonFacts",
    "ProgramHealth",
    "ProgramMatches",
    "RequestTotals",
    "Requests",
    "RisingStar",
    "RoiAssumptions",
    "RoiEstimate",
    "SkillRequests",
    "TieKind",
    "Weighting",
    "betweenness",
    "brokers",
    "components",
    "connection_mix",
    "crossing_by_group",
    "day_number",
    "departments_reached",
    "go_to_by_skill",
    "go_to_people",
    "guard",
    "help_record",
    "hidden_experts",
    "isolated_groups",
    "learning_network",
    "mix_by_attribute",
    "overloaded_guides",
    "pagerank",
    "program_health",
    "request_totals",
    "requests_by_skill",
    "rising_stars",
    "roi_estimate",
    "teams",
]
