"""What peer learning is worth: an estimate whose every assumption is adjustable and
returned beside the number, so a reader can see and change how it was reached."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from peoplefirst.insights.model import LearningEvents, OnboardingCohort, TieKind
from peoplefirst.insights.privacy import MIN_GROUP_SIZE, Guarded, guard


@dataclass(frozen=True)
class RoiAssumptions:
    """The adjustable inputs (money in one currency, per hour or per day of one person).

    - `training_cost_per_hour`: what an hour of equivalent formal training costs a learner
      (course fee share and the learner's time), and `training_equivalence`: hours of formal
      training one hour of peer help replaces.
    - `guide_cost_per_hour`: what an hour of the guide's time costs the organization.
    - `onboarding_day_value`: the value of one day sooner at full proficiency for a new
      joiner; `baseline_days_to_proficiency`: used when too few joiners without a buddy
      give a measured baseline.
    """

    training_cost_per_hour: float = 60.0
    training_equivalence: float = 1.0
    guide_cost_per_hour: float = 55.0
    onboarding_day_value: float = 150.0
    baseline_days_to_proficiency: float = 90.0
    window_days: float = 365.0


@dataclass(frozen=True)
class RoiEstimate:
    """The estimate, its parts and the assumptions it used."""

    peer_help_hours: float
    training_value: float
    guide_cost: float
    onboarding: Guarded[OnboardingFigures]
    onboarding_value: float
    net_value: float
    return_on_time: float | None
    assumptions: dict[str, float] = field(default_factory=dict)
    method: tuple[str, ...] = ()


@dataclass(frozen=True)
class OnboardingFigures:
    """Median days from hire to proficiency with and without a buddy, and joiners counted."""

    with_buddy_days: float | None
    without_buddy_days: float | None
    baseline_days: float
    buddied_joiners: int
    days_saved_each: float


def onboarding_figures(
    cohort: OnboardingCohort, baseline_days: float, minimum: int = MIN_GROUP_SIZE
) -> Guarded[OnboardingFigures]:
    """Time to proficiency of joiners who reached it. The baseline is the median of those
    without a buddy when at least `minimum` of them did, else `baseline_days`. Guarded by
    the joiners with a buddy who reached proficiency."""
    days = cohort.proficient_day - cohort.hire_day
    done = ~np.isnan(days)
    buddied = days[done & cohort.had_buddy]
    alone = days[done & ~cohort.had_buddy]
    with_buddy = float(np.median(buddied)) if len(buddied) else None
    without = float(np.median(alone)) if len(alone) else None
    baseline = without if without is not None and len(alone) >= minimum else baseline_days
    saved = max(baseline - with_buddy, 0.0) if with_buddy is not None else 0.0
    figures = OnboardingFigures(with_buddy, without, baseline, len(buddied), saved)
    return guard("onboarding with a buddy", len(buddied), figures, minimum)


def roi_estimate(
    events: LearningEvents,
    cohort: OnboardingCohort,
    as_of: float,
    assumptions: RoiAssumptions | None = None,
    minimum: int = MIN_GROUP_SIZE,
) -> Guarded[RoiEstimate]:
    """Value = peer hours * equivalence * training cost per hour + buddied joiners * days
    saved * day value; cost = peer hours * guide cost per hour; net = value - cost;
    return on time = net / cost. Peer hours: minutes of help, mentoring and coaching in the
    window. Guarded by the distinct people who gave that help; onboarding counts only when
    its own group is large enough to show."""
    a = assumptions or RoiAssumptions()
    age = as_of - events.day
    giving = (events.kind != TieKind.ENDORSED) & (age >= 0) & (age <= a.window_days)
    hours = float(events.minutes[giving].sum() / 60.0)
    helpers = len(np.unique(events.helper[giving]))
    training_value = hours * a.training_equivalence * a.training_cost_per_hour
    guide_cost = hours * a.guide_cost_per_hour
    onboarding = onboarding_figures(cohort, a.baseline_days_to_proficiency, minimum)
    figures = onboarding.value
    onboarding_value = (
        figures.buddied_joiners * figures.days_saved_each * a.onboarding_day_value
        if figures is not None
        else 0.0
    )
    net = training_value + onboarding_value - guide_cost
    estimate = RoiEstimate(
        peer_help_hours=hours,
        training_value=training_value,
        guide_cost=guide_cost,
        onboarding=onboarding,
        onboarding_value=onboarding_value,
        net_value=net,
        return_on_time=net / guide_cost if guide_cost else None,
        assumptions=asdict(a),
        method=(
            "training value = peer help hours * training equivalence * training cost per hour",
            "onboarding value = joiners with a buddy * days saved each * value of a day",
            "cost = peer help hours * guide cost per hour",
            "net value = training value + onboarding value - cost; return = net / cost",
        ),
    )
    return guard("peer help", helpers, estimate, minimum)
