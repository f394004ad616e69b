"""Figures about the whole organization, worked out by hand: the minimum group size,
the connection mix against random mixing, program health, requests by skill, the ROI
estimate; and the synthetic activity the benchmark and the demo use."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from peoplefirst import insights as pf
from peoplefirst.insights.mix import tenure_band
from peoplefirst.insights.synthetic import synthetic_activity

AS_OF = 20_000.0
NAN = math.nan


@pytest.mark.parametrize(
    ("people", "minimum", "shown"),
    [(4, 5, False), (5, 5, True), (1, 1, True), (0, 1, False), (100, 50, True)],
)
def test_a_figure_about_too_few_people_is_withheld(people: int, minimum: int, shown: bool) -> None:
    figure = pf.guard("a group", people, 0.75, minimum)
    assert figure.suppressed is not shown
    assert figure.value == (0.75 if shown else None)
    assert figure.people == people


def test_the_minimum_group_size_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        pf.guard("a group", 3, 1.0, minimum=0)


def network_of(ties: list[tuple[int, int]], n: int) -> pf.LearningNetwork:
    rows, cols = zip(*ties, strict=True)
    matrix = sp.csr_matrix((np.ones(len(ties)), (rows, cols)), shape=(n, n))
    return pf.LearningNetwork(matrix, AS_OF)


def test_mix_against_random_mixing_by_hand() -> None:
    # People 0, 1 in department 0; 2, 3 in department 1. Ties learner -> guide:
    # 0->1, 1->0, 2->3 stay inside; 0->2 crosses: 1 of 4.
    network = network_of([(0, 1), (1, 0), (2, 3), (0, 2)], 4)
    department = np.array([0, 0, 1, 1])
    mix = pf.connection_mix(network, department, minimum=4).value
    assert mix is not None
    assert mix.crossing == 0.25
    # Learners are 3/4 department 0, guides 1/2: same by chance 3/4*1/2 + 1/4*1/2 = 1/2.
    assert mix.expected_crossing == 0.5
    assert mix.assortativity == pytest.approx((0.75 - 0.5) / (1 - 0.5))
    assert pf.connection_mix(network, department, minimum=5).suppressed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mix_assortativity_agrees_with_networkx(seed: int) -> None:
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(seed)
    n = 60
    a, b = rng.integers(0, n, 200), rng.integers(0, n, 200)
    keep = a != b
    pairs = sorted(set(zip(a[keep].tolist(), b[keep].tolist(), strict=True)))
    network = network_of(pairs, n)
    group = rng.integers(0, 4, n)
    graph = nx.DiGraph(pairs)
    nx.set_node_attributes(graph, {i: int(group[i]) for i in graph.nodes}, "group")
    mix = pf.connection_mix(network, group, minimum=1).value
    assert mix is not None
    assert mix.assortativity == pytest.approx(
        nx.attribute_assortativity_coefficient(graph, "group")
    )


def test_crossing_share_per_department() -> None:
    network = network_of([(0, 1), (1, 0), (2, 3), (0, 2)], 4)
    found = pf.crossing_by_group(network, np.array([0, 0, 1, 1]), ("Sales", "Data"), minimum=1)
    assert [(f.group, f.value) for f in found] == [("Sales", 1 / 3), ("Data", 0.0)]
    hidden = pf.crossing_by_group(network, np.array([0, 0, 1, 1]), ("Sales", "Data"), minimum=2)
    assert [f.suppressed for f in hidden] == [False, True]  # only person 2 learns in Data


@pytest.mark.parametrize(
    ("years", "band"), [(0.5, 0), (1.0, 1), (2.9, 1), (4.0, 2), (7.0, 3), (10.0, 4), (30, 4)]
)
def test_tenure_bands(years: float, band: int) -> None:
    crowd = pf.People(
        department=np.zeros(1, dtype=np.int64),
        location=np.zeros(1, dtype=np.int64),
        level=np.ones(1, dtype=np.int64),
        hire_day=np.array([AS_OF - years * 365.25]),
        manager=np.full(1, -1, dtype=np.int64),
    )
    assert tenure_band(crowd, AS_OF).tolist() == [band]


MatchRow = tuple[int, int, int, pf.MatchState, float, float, int, int, int, float, int]


def matches(rows: list[MatchRow]) -> pf.ProgramMatches:
    """(program, learner, guide, state, days since start, cadence, sessions, commitments
    made, kept, check-in total, check-ins) per match."""
    c = list(zip(*rows, strict=True))
    return pf.ProgramMatches(
        program=np.array(c[0], dtype=np.int64),
        learner=np.array(c[1], dtype=np.int64),
        guide=np.array(c[2], dtype=np.int64),
        state=np.array([int(s) for s in c[3]], dtype=np.int64),
        started_day=AS_OF - np.array(c[4], dtype=np.float64),
        cadence_days=np.array(c[5], dtype=np.float64),
        sessions_held=np.array(c[6], dtype=np.int64),
        commitments_made=np.array(c[7], dtype=np.int64),
        commitments_kept=np.array(c[8], dtype=np.int64),
        check_in_total=np.array(c[9], dtype=np.float64),
        check_ins=np.array(c[10], dtype=np.int64),
        program_names=("Mentoring", "Buddies"),
    )


def test_program_health_by_hand() -> None:
    S = pf.MatchState
    found = pf.program_health(
        matches(
            [
                # 56 days at a 14-day cadence: 4 sessions due, 4 held.
                (0, 1, 10, S.ACTIVE, 56, 14, 4, 6, 3, 8.0, 2),
                # 4 due, 2 held: half the cadence kept.
                (0, 2, 11, S.ACTIVE, 56, 14, 2, 2, 2, 4.0, 1),
                (0, 3, 10, S.DECLINED, NAN, 14, 0, 0, 0, 0.0, 0),
                (0, 4, 12, S.PROPOSED, NAN, 14, 0, 0, 0, 0.0, 0),
                (1, 5, 13, S.ACTIVE, 10, 28, 0, 0, 0, 0.0, 0),
            ]
        ),
        AS_OF,
        minimum=5,
    )
    mentoring, buddies = found
    assert buddies.group == "Buddies" and buddies.suppressed  # two people
    assert mentoring.people == 7
    assert mentoring.value == pf.ProgramHealth(
        proposed=4,
        accepted=2,
        declined=1,
        active=2,
        ended=0,
        acceptance_rate=2 / 3,
        cadence_kept=0.75,
        commitments_made=8,
        commitments_kept=5,
        commitments_kept_share=5 / 8,
        check_in_score=4.0,
    )


def test_requests_by_skill_put_the_gaps_first() -> None:
    requests = pf.Requests(
        asker=np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6], dtype=np.int64),
        skill=np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1], dtype=np.int64),
        asked_day=np.full(11, AS_OF - 10.0),
        first_help_day=AS_OF - 10.0 + np.array([1, 2, 3, 4, 5, NAN, NAN, NAN, 0.5, 0.5, 1]) / 24.0,
        skill_names=("python", "kubernetes"),
    )
    found = pf.requests_by_skill(requests, minimum=5)
    assert [f.group for f in found] == ["kubernetes", "no skill", "python"]
    kubernetes, no_skill, python = found
    assert kubernetes.value == pf.SkillRequests(5, 3, pytest.approx(0.5), pytest.approx(0.5))
    assert kubernetes.value.unanswered_share == 0.6
    assert no_skill.suppressed  # one person asked
    assert python.value is not None
    assert python.value.median_hours == pytest.approx(3.0)
    assert python.value.p90_hours == pytest.approx(4.6)
    totals = pf.request_totals(requests, minimum=5).value
    assert totals is not None and (totals.requests, totals.unanswered) == (11, 3)


def onboarding(buddied: list[float], alone: list[float]) -> pf.OnboardingCohort:
    days = np.array(buddied + alone, dtype=np.float64)
    hired = np.full(len(days), AS_OF - 300.0)
    return pf.OnboardingCohort(
        person=np.arange(len(days), dtype=np.int64),
        hire_day=hired,
        proficient_day=hired + days,
        had_buddy=np.array([True] * len(buddied) + [False] * len(alone)),
    )


def three_hours_of_help(helpers: int = 5) -> pf.LearningEvents:
    """`helpers` people give 180 minutes between them, helping and mentoring; one
    endorsement, which is no time given."""
    minutes = [180.0 / helpers] * helpers + [0.0]
    kinds = [pf.TieKind.HELPED, pf.TieKind.MENTORED] * helpers
    return pf.LearningEvents(
        helper=np.arange(helpers + 1, dtype=np.int64),
        learner=np.full(helpers + 1, 9, dtype=np.int64),
        kind=np.array([*kinds[:helpers], pf.TieKind.ENDORSED], dtype=np.int64),
        day=np.full(helpers + 1, AS_OF - 10.0),
        minutes=np.array(minutes),
        rating=np.array([5] * helpers + [0], dtype=np.int64),
        skill=np.zeros(helpers + 1, dtype=np.int64),
    )


@pytest.mark.parametrize(
    ("assumptions", "cohort", "expected_net", "expected_onboarding"),
    [
        # 3 h * 60 = 180; five buddied joiners at 60 days against a measured 90: 5 * 30 * 150
        # = 22,500; cost 3 h * 55 = 165.
        (pf.RoiAssumptions(), onboarding([60] * 5, [90] * 5), 180 + 22_500 - 165, 22_500),
        # One hour of peer help replaces two of formal training.
        (
            pf.RoiAssumptions(training_equivalence=2.0),
            onboarding([60] * 5, [90] * 5),
            360 + 22_500 - 165,
            22_500,
        ),
        # Too few joiners without a buddy: the stated baseline of 80 days is used.
        (
            pf.RoiAssumptions(baseline_days_to_proficiency=80),
            onboarding([60] * 5, [90] * 2),
            180 + 5 * 20 * 150 - 165,
            15_000,
        ),
        # Too few joiners with a buddy to show: onboarding counts nothing.
        (pf.RoiAssumptions(), onboarding([60] * 4, [90] * 5), 180 - 165, 0),
    ],
)
def test_roi_arithmetic(
    assumptions: pf.RoiAssumptions,
    cohort: pf.OnboardingCohort,
    expected_net: float,
    expected_onboarding: float,
) -> None:
    roi = pf.roi_estimate(three_hours_of_help(), cohort, AS_OF, assumptions).value
    assert roi is not None
    assert roi.peer_help_hours == pytest.approx(3.0)
    assert roi.guide_cost == pytest.approx(165.0)
    assert roi.onboarding_value == pytest.approx(expected_onboarding)
    assert roi.net_value == pytest.approx(expected_net)
    assert roi.return_on_time == pytest.approx(expected_net / 165)
    assert roi.assumptions["training_equivalence"] == assumptions.training_equivalence
    assert any("training equivalence" in line for line in roi.method)


def test_roi_of_help_from_too_few_people_is_withheld() -> None:
    roi = pf.roi_estimate(three_hours_of_help(helpers=4), onboarding([60] * 5, [90] * 5), AS_OF)
    assert (roi.group, roi.people, roi.suppressed) == ("peer help", 4, True)


def test_synthetic_activity_is_deterministic_and_realistic() -> None:
    a = synthetic_activity(10_000, seed=3)
    b = synthetic_activity(10_000, seed=3)
    assert np.array_equal(a.events.helper, b.events.helper)
    assert a.events.count == 50_000
    network = pf.learning_network(a.events, 10_000, a.as_of)
    mix = pf.connection_mix(network, a.people.department).value
    assert mix is not None and 0.1 < mix.crossing < 0.35  # mostly within the department
    given = np.sort(np.bincount(a.events.helper, minlength=10_000))[::-1]
    assert given[:100].sum() > 0.2 * given.sum()  # the top 1% give over a fifth of the help
    found = {h.person for h in pf.hidden_experts(a.events, 10_000, a.as_of, a.evidence)}
    assert len(found & set(a.hidden_experts.tolist())) >= len(a.hidden_experts) // 2
    isolated = pf.isolated_groups(network, pf.teams(a.people), threshold=0.2)
    assert set(a.closed_teams.tolist()) <= {int(g.group) for g in isolated}
