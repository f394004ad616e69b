"""Who stands out, on small hand-built networks: go-to people, overloaded guides, hidden
experts, rising stars, brokers between departments and teams that keep to themselves."""

from __future__ import annotations

import numpy as np
import pytest

from peoplefirst import insights as pf
from tests.test_insights_network import AS_OF, events

HELPED, ENDORSED = pf.TieKind.HELPED, pf.TieKind.ENDORSED

Event = tuple[int, int, pf.TieKind, float, float, int, int]


def people(department: list[int], level: list[int] | None = None) -> pf.People:
    n = len(department)
    return pf.People(
        department=np.array(department, dtype=np.int64),
        location=np.zeros(n, dtype=np.int64),
        level=np.array(level or [3] * n, dtype=np.int64),
        hire_day=np.full(n, AS_OF - 1000.0),
        manager=np.full(n, -1, dtype=np.int64),
    )


def test_the_go_to_person_is_the_one_everybody_learns_from() -> None:
    rows: list[Event] = [(0, learner, HELPED, 10, 30, 5, 0) for learner in range(1, 6)]
    rows += [(1, 2, HELPED, 10, 60, 3, 1), (5, 0, HELPED, 10, 30, 0, 1)]
    e = events(rows)
    network = pf.learning_network(e, 7, AS_OF)
    found = pf.go_to_people(network, e, top=3)
    assert [p.person for p in found] == [0]  # nobody else helped 3 people
    assert (found[0].people_helped, found[0].helped) == (5, 5)
    assert found[0].hours == pytest.approx(2.5)
    assert found[0].mean_rating == 5.0


def test_go_to_by_skill_orders_by_what_was_given_on_that_skill() -> None:
    e = events(
        [
            (1, 0, HELPED, 0, 60, 5, 0),
            (1, 2, HELPED, 0, 60, 5, 0),
            (2, 0, HELPED, 0, 60, 5, 0),
            (3, 0, HELPED, 0, 60, 5, 1),
            (3, 1, HELPED, 0, 0, 0, 1),
        ]
    )
    found = pf.go_to_by_skill(e, 4, AS_OF, top=1)
    assert {skill: [p.person for p in ps] for skill, ps in found.items()} == {
        "python": [1],
        "sql": [3],
    }
    assert found["python"][0].score == pytest.approx(4.0)  # two hours, rated 5: 2 + 2
    assert found["sql"][0].mean_rating == 5.0  # the unrated answer does not count


def test_an_overloaded_guide_with_a_rising_load() -> None:
    # Four weekly sessions of 120 minutes in the last four weeks, nothing before.
    rows: list[Event] = [(0, 1, HELPED, 7 * week + 1, 120, 5, 0) for week in range(4)]
    rows += [(2, 1, HELPED, 3, 30, 5, 0), (2, 1, ENDORSED, 3, 0, 0, 0)]
    capacity = np.array([60.0, 0.0, 60.0])
    found = pf.overloaded_guides(events(rows), capacity, AS_OF)
    assert [g.person for g in found] == [0]  # 2 gave 30 minutes in 4 weeks: under 60 a week
    guide = found[0]
    assert guide.minutes_per_week == 120.0
    assert guide.load == 2.0
    # Weekly minutes oldest first: eight zeros then four 120s; slope = Σ m x / Σ x², x centred.
    assert guide.trend == pytest.approx(120 * (2.5 + 3.5 + 4.5 + 5.5) / 143)


def test_help_without_stated_capacity_is_not_called_overload() -> None:
    rows: list[Event] = [(0, 1, HELPED, 1, 600, 5, 0)]
    assert pf.overloaded_guides(events(rows), np.zeros(2), AS_OF) == []


def hidden_expert_network() -> pf.LearningEvents:
    # Person 0 helped one colleague five times, rated 5 each time; 1, 2 and 3 each helped
    # six different colleagues, rated 4. Person 0 is excellent and barely recognized.
    rows: list[Event] = [(0, 10, HELPED, 5 + k, 30, 5, 0) for k in range(5)]
    for guide in (1, 2, 3):
        rows += [(guide, 10 + k, HELPED, 5, 30, 4, 0) for k in range(6)]
    return events(rows)


@pytest.mark.parametrize(
    ("evidence", "min_rating", "expected"),
    [
        # Org mean 97/23; person 0: (25 + 5 * 97/23) / 10 = 4.61 >= 4.5.
        (None, 4.5, [0]),
        (None, 4.7, []),
        # Person 4 helped nobody but wrote the strongest evidence: also hidden.
        ([0, 1, 1, 1, 5] + [0] * 11, 4.5, [4, 0]),
        ([0, 1, 1, 1, 5] + [0] * 11, 4.7, [4]),
    ],
)
def test_hidden_experts(
    evidence: list[float] | None, min_rating: float, expected: list[int]
) -> None:
    written = None if evidence is None else np.array(evidence, dtype=np.float64)
    found = pf.hidden_experts(
        hidden_expert_network(), 16, AS_OF, evidence=written, min_rating=min_rating
    )
    assert [h.person for h in found] == expected
    if 0 in expected:
        zero = next(h for h in found if h.person == 0)
        assert zero.excellence == pytest.approx((25 + 5 * 97 / 23) / 10)
        assert (zero.recognition, zero.ratings) == (1, 5)


def test_a_rising_star_grows_faster_than_peers_of_the_same_level() -> None:
    rows: list[Event] = []
    # Level 3: person 0 went from no help to six helps and two endorsements; peers 1-5 gave
    # two helps in each window.
    rows += [(0, 20 + k, HELPED, 10, 30, 0, 0) for k in range(6)]
    rows += [(0, 20, ENDORSED, 10, 0, 0, 0), (0, 21, ENDORSED, 10, 0, 0, 0)]
    for peer in range(1, 6):
        rows += [(peer, 20, HELPED, 10, 30, 0, 0), (peer, 21, HELPED, 100, 30, 0, 0)]
        rows += [(peer, 22, HELPED, 20, 30, 0, 0), (peer, 23, HELPED, 120, 30, 0, 0)]
    # Level 5: everybody grew from nothing to six helps, so nobody stands out there.
    for person in range(6, 12):
        rows += [(person, 20 + k, HELPED, 10, 30, 0, 0) for k in range(6)]
    crowd = people([0] * 30, level=[3] * 6 + [5] * 6 + [1] * 18)
    found = pf.rising_stars(events(rows), crowd, AS_OF)
    assert [s.person for s in found] == [0]
    star = found[0]
    # One outlier among six: z = √5 for help growth and for endorsement growth.
    assert star.score == pytest.approx(2 * np.sqrt(5))
    assert (star.helped_before, star.helped_lately, star.endorsements_lately) == (0, 6, 2)


def two_departments_and_a_broker() -> tuple[pf.LearningNetwork, pf.People]:
    # Department 0: 0-3 learn from each other; department 1: 4-7 likewise; person 8
    # (department 2) helps 0 and 4 and learned from 1 and 5.
    rows: list[Event] = []
    for group in ((0, 1, 2, 3), (4, 5, 6, 7)):
        rows += [(a, b, HELPED, 5, 30, 4, 0) for a in group for b in group if a != b]
    rows += [(8, 0, HELPED, 5, 30, 4, 0), (8, 4, HELPED, 5, 30, 4, 0)]
    rows += [(1, 8, HELPED, 5, 30, 4, 0), (5, 8, HELPED, 5, 30, 4, 0)]
    crowd = people([0, 0, 0, 0, 1, 1, 1, 1, 2])
    return pf.learning_network(events(rows), 9, AS_OF), crowd


def test_the_broker_between_two_departments() -> None:
    network, crowd = two_departments_and_a_broker()
    found = pf.brokers(network, crowd, pivots=9)
    assert found[0].person == 8
    assert found[0].departments_reached == 2
    assert found[0].ties_across == 1.0
    # Every path between the two departments (4 x 4 pairs of 28) runs through 8;
    # 0, 1, 4 and 5 each stand on some of them but reach no other department.
    assert found[0].betweenness > 0.5
    assert [b.person for b in found] == [8]


def test_isolated_teams_and_the_minimum_group_size() -> None:
    # Team of manager 0 (at the top, so in it): 1-5 learn among themselves. Team of 6:
    # 7-11 learn from 1 and from each other. Team of 12: 13-14, alone, but only three.
    manager = [-1] + [0] * 5 + [-1] + [6] * 5 + [-1, 12, 12]
    crowd = pf.People(
        department=np.zeros(15, dtype=np.int64),
        location=np.zeros(15, dtype=np.int64),
        level=np.full(15, 3, dtype=np.int64),
        hire_day=np.full(15, AS_OF - 500.0),
        manager=np.array(manager, dtype=np.int64),
    )
    rows: list[Event] = [(a, a % 5 + 1, HELPED, 5, 30, 4, 0) for a in range(1, 6)]
    rows += [(1, b, HELPED, 5, 30, 4, 0) for b in range(7, 12)]
    rows += [(a, a % 5 + 7, HELPED, 5, 30, 4, 0) for a in range(7, 12)]
    rows += [(13, 14, HELPED, 5, 30, 4, 0)]
    network = pf.learning_network(events(rows), 15, AS_OF)
    found = pf.isolated_groups(network, pf.teams(crowd), names={0: "Team A", 12: "Team C"})
    # Team A has five ties inside and five with team B (1 helps B): 5/6 per member.
    assert [(g.group, g.people, g.suppressed) for g in found] == [("Team C", 3, True)]
    closed = pf.isolated_groups(network, pf.teams(crowd), threshold=1.5, minimum=2)
    assert [(g.group, g.value) for g in closed] == [
        ("12", pf.GroupTies(3, 1, 0)),
        ("0", pf.GroupTies(6, 5, 5)),
        ("6", pf.GroupTies(6, 5, 5)),
    ]
