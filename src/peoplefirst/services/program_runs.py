"""Matching a program: the admin runs the engine over who is enrolled, reads the results
with their explanations and figures against the previous run, pins or forbids pairs and
runs again, then publishes. Each pair accepts or declines; a decline or an early end
proposes a new guide to that learner without touching anyone else's match.

Capacity is one budget per guide: a guide's seats in a run are what they offered the
program, never more than their budget has left after every other channel, and publishing
draws on that budget (released again on a decline or an end).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import (
    CapacityExhausted,
    Conflict,
    InvalidInput,
    MatchNotFound,
    NotPermitted,
    RunNotFound,
)
from peoplefirst.domain.policy import Viewer, may_answer_match, signed_in
from peoplefirst.domain.programs import (
    MAX_REASON,
    NO_ANSWER_ROUNDS,
    SHORTLIST_SIZE,
    MatchState,
    MatchView,
    ProgramKind,
    PublishReport,
    ReasonView,
    RoundAnswer,
    RunComparison,
    RunGroup,
    RunPair,
    RunState,
    RunUnmatched,
    RunView,
    ShortlistEntry,
    Side,
    fair_order,
    guide_seats,
    inferred_level,
    skipped_for_silence,
)
from peoplefirst.domain.relationships import FROM_PROGRAM_KIND
from peoplefirst.matching import (
    METHODS,
    Goal,
    Guide,
    GuideSkill,
    Instance,
    InstanceError,
    Learner,
    SkillInfo,
    rules_from_dict,
    solve,
)
from peoplefirst.matching.circles import peer_circles
from peoplefirst.matching.intros import next_round, pairs_of
from peoplefirst.matching.jsonformat import run_to_dict
from peoplefirst.matching.ondemand import GuidePool
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services import audit, notices
from peoplefirst.services.capacity import (
    DrawRequest,
    draw_capacity,
    draw_many,
    release_capacity,
)
from peoplefirst.services.circle_forming import default_first_session, form_circles_for_run
from peoplefirst.services.programs import administered
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import capacity_views
from peoplefirst.storage.programs import (
    Claim,
    Enrolled,
    admins_of,
    all_skills,
    claims_of,
    enrolled,
    enrollment_choices,
    enrollment_goals,
    get_program,
    grouped_people,
    learners_with_a_guide,
    match_views,
    open_goals,
    past_partners,
    people_named,
    person_facts,
    person_names,
    roles_offered,
    seats_held,
)
from peoplefirst.storage.relationships import (
    end_for_match,
    relationship_for_match,
    start_relationship,
)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ProgramInstance:
    """A program's enrolled people as the engine's instance, and what was left out."""

    instance: Instance
    notes: tuple[str, ...]


def program_instance(
    session: Session,
    program: t.Program,
    today: date,
    *,
    only_learners: Sequence[int] | None = None,
    index: OrgExpertIndex | None = None,
) -> ProgramInstance:
    """Learners who have no guide in the program yet and every enrolled guide, with the
    seats each has left (program offer and one budget), the rules of the current version
    and the taxonomy around the goals. With the expert finder's `index`, a guide's written
    work counts too: a goal skill they did not claim but write about is added as an
    inferred skill. Pins and forbidden pairs naming someone no longer enrolled are left
    out, with a note."""
    kind = ProgramKind(program.kind)
    rules = rules_from_dict(json.loads(program.rules))
    learner_rows = enrolled(session, program.id, Side.LEARNER, only_learners)
    guide_rows = enrolled(session, program.id, Side.GUIDE)
    placed: set[int] = (
        set()  # everyone takes part in every intro round
        if kind.recurs
        else grouped_people(session, program.id)
        if kind.forms_groups
        else learners_with_a_guide(session, program.id)
    )
    learner_rows = [r for r in learner_rows if r.person_id not in placed]
    budgets = capacity_views(session, [r.person_id for r in guide_rows])
    held = seats_held(session, program.id)
    seats_of = {
        r.person_id: guide_seats(
            program_capacity=r.capacity,
            in_program=held.get(r.person_id, 0),
            people_left=budgets[r.person_id].people_free if r.person_id in budgets else 0,
            hours_left=budgets[r.person_id].hours_free if r.person_id in budgets else 0.0,
            hours=program.hours_per_month,
        )
        for r in guide_rows
    }
    if only_learners is not None:
        wanted = set(only_learners)
        learner_rows = [r for r in learner_rows if r.person_id in wanted]
        # One learner's re-match or shortlist needs only guides with a seat left; a whole
        # run reads them all, so that its report can say how many were full.
        guide_rows = [r for r in guide_rows if seats_of[r.person_id] > 0]
    everyone = {r.person_id for r in learner_rows} | {r.person_id for r in guide_rows}
    facts = person_facts(session, everyone, today)
    rows = [*learner_rows, *guide_rows]
    goals = enrollment_goals(session, [r.id for r in learner_rows])
    stated = open_goals(session, [r.person_id for r in learner_rows if not goals.get(r.id)])
    choices = _choices(session, [r.id for r in rows])
    skills = all_skills(session)
    key_of = {s.id: s.key for s in skills}
    claims = claims_of(session, [r.person_id for r in guide_rows])
    offered = roles_offered(session, [r.person_id for r in guide_rows])

    def common(row: Enrolled) -> dict[str, Any]:
        f = facts[row.person_id]
        prefer, avoid = choices.get(row.id, ([], []))
        return {
            "id": str(f.id),
            "name": f.name,
            "level": f.level,
            "department": f.department,
            "manager_chain": tuple(str(m) for m in f.manager_chain),
            "location": f.location,
            "utc_offset": f.utc_offset,
            "languages": f.languages,
            "tenure_years": round(f.tenure_years, 2),
            "stage": row.stage,
            "preferences": tuple(str(p) for p in prefer),
            "avoid": tuple(str(p) for p in avoid),
        }

    if index is not None:
        names = {s.id: s.name for s in skills}
        wanted_ids = {s for g in goals.values() for s in g} | {
            s for g in stated.values() for s in g
        }
        _infer_from_evidence(index, claims, [r.person_id for r in guide_rows], wanted_ids, names)
    learners = []
    for row in learner_rows:
        if row.person_id not in facts:
            continue
        wanted_skills = goals.get(row.id) or stated.get(row.person_id, [])
        learners.append(
            Learner(
                **common(row),
                goals=tuple(Goal(key_of[s]) for s in wanted_skills if s in key_of),
            )
        )
    guides = []
    notes: list[str] = []
    required = rules.hard.role
    for row in guide_rows:
        f = facts.get(row.person_id)
        if f is None:
            continue
        seats = seats_of[row.person_id]
        roles = set(offered.get(row.person_id, ()))
        if required:
            roles.add(required)  # enrolling as a guide here is offering this program's role
        guides.append(
            Guide(
                **common(row),
                skills=tuple(
                    GuideSkill(key_of[c.skill_id], c.level, c.source, c.endorsements)
                    for c in claims.get(row.person_id, ())
                    if c.skill_id in key_of
                ),
                roles=tuple(sorted(roles)),
                capacity=seats,
                opted_out=f.away,
            )
        )
    learner_ids = {p.id for p in learners}
    guide_ids = {g.id for g in guides}
    kept_pins, kept_forbidden = [], []
    already = {str(p) for p in placed}
    for pair in rules.hard.pinned:
        if pair[0] in learner_ids and pair[1] in guide_ids:
            kept_pins.append(pair)
        elif pair[0] not in already and only_learners is None:
            notes.append(f"pin {pair[0]} → {pair[1]} left out: not both enrolled")
    for pair in rules.hard.forbidden:
        if pair[0] in learner_ids and pair[1] in guide_ids:
            kept_forbidden.append(pair)
    hard = replace(rules.hard, pinned=tuple(kept_pins), forbidden=tuple(kept_forbidden))
    infos = tuple(SkillInfo(s.key, s.name, s.parent_key) for s in skills)
    return ProgramInstance(
        Instance(tuple(learners), tuple(guides), replace(rules, hard=hard), infos), tuple(notes)
    )


def _infer_from_evidence(
    index: OrgExpertIndex,
    claims: dict[int, list[Claim]],
    guides: Sequence[int],
    skill_ids: set[int],
    names: dict[int, str],
) -> None:
    """Add to `claims` the goal skills each guide's texts show but they did not claim."""
    for skill_id in sorted(skill_ids):
        if skill_id not in names:
            continue
        for person, strength in index.evidence_strength(names[skill_id], guides).items():
            level = inferred_level(strength)
            held = claims.setdefault(person, [])
            if level is not None and all(c.skill_id != skill_id for c in held):
                held.append(Claim(skill_id, level, "inferred", 0))


def _choices(
    session: Session, enrollment_ids: Sequence[int]
) -> dict[int, tuple[list[int], list[int]]]:
    found: dict[int, tuple[list[int], list[int]]] = {}
    ranked = enrollment_choices(session, enrollment_ids)
    avoided = {
        (e, p)
        for e, p in session.execute(
            select(t.EnrollmentChoice.enrollment_id, t.EnrollmentChoice.person_id).where(
                t.EnrollmentChoice.enrollment_id.in_(list(ranked)),
                t.EnrollmentChoice.avoid.is_(True),
            )
        ).all()
    }
    for enrollment, people in ranked.items():
        found[enrollment] = (
            [p for p in people if (enrollment, p) not in avoided],
            [p for p in people if (enrollment, p) in avoided],
        )
    return found


# Runs


def run_match(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    method: str = "optimal",
    index: OrgExpertIndex | None = None,
    only_learners: Sequence[int] | None = None,
    now: datetime | None = None,
) -> RunView:
    """Run the engine over the program as it stands and keep the result as a draft run.
    With the expert finder's `index`, guides' written work counts towards goal fit;
    `only_learners` (a post-event attendee list) leaves the program's other learners out."""
    program = administered(session, viewer, program_id)
    now = _now(now)
    kind = ProgramKind(program.kind)
    if not kind.forms_groups and method not in METHODS:
        raise InvalidInput("method", f"must be one of {', '.join(METHODS)}, got '{method}'")
    built = program_instance(session, program, now.date(), index=index, only_learners=only_learners)
    instance = built.instance
    run = t.MatchRun(
        program_id=program.id,
        rules_version=program.rules_version,
        method="intros" if kind.recurs else "circles" if kind.forms_groups else method,
        state=RunState.DRAFT.value,
        report="{}",
        created_by=viewer.person_id,
        created_at=now,
    )
    session.add(run)
    session.flush()
    if kind.recurs:
        _store_round(session, program, run, instance, built.notes)
    elif kind.forms_groups:
        _store_circles(session, program, run, instance, built.notes)
    else:
        try:
            result = solve(instance, method)  # type: ignore[arg-type]
        except InstanceError as error:
            raise InvalidInput(error.field, error.problem) from None
        data = run_to_dict(result, program.name)
        report = dict(data["report"])  # type: ignore[call-overload]
        report["notes"] = list(built.notes)
        run.report = json.dumps(report)
        # Thousands of rows: one executemany each, not one ORM object per row.
        if result.matches:
            session.execute(
                insert(t.RunPairRow),
                [
                    {
                        "run_id": run.id,
                        "learner_id": int(m.learner),
                        "guide_id": int(m.guide),
                        "score": m.score,
                        "pinned": m.pinned,
                        "reasons": json.dumps(
                            [
                                {"feature": r.feature, "weight": r.weight, "text": r.text}
                                for r in m.reasons
                            ]
                        ),
                    }
                    for m in result.matches
                ],
            )
        if result.report.unmatched:
            session.execute(
                insert(t.RunUnmatchedRow),
                [
                    {
                        "run_id": run.id,
                        "learner_id": int(u.learner),
                        "reason": u.reason,
                        "detail": u.detail,
                    }
                    for u in result.report.unmatched
                ],
            )
    session.flush()
    return _run_view(session, run)


def _store_circles(
    session: Session,
    program: t.Program,
    run: t.MatchRun,
    instance: Instance,
    notes: Sequence[str],
) -> None:
    try:
        plan = peer_circles(
            instance.learners,
            min_size=program.group_min_size,
            max_size=program.group_max_size,
            skills=instance.skills,
        )
    except InstanceError as error:
        raise InvalidInput(error.field, error.problem) from None
    for position, circle in enumerate(plan.circles, start=1):
        session.add_all(
            t.RunGroupMember(run_id=run.id, person_id=int(p), position=position, why=circle.why)
            for p in circle.members
        )
    sizes = [len(c.members) for c in plan.circles]
    run.report = json.dumps(
        {
            "groups": len(plan.circles),
            "members": sum(sizes),
            "learners": len(instance.learners),
            "objective": round(plan.objective, 4),
            "smallest_group": min(sizes, default=0),
            "largest_group": max(sizes, default=0),
            "notes": [*notes, *plan.notes],
        }
    )


def _store_round(
    session: Session,
    program: t.Program,
    run: t.MatchRun,
    instance: Instance,
    notes: Sequence[str],
) -> None:
    """The next intro round: everyone meets someone new (members x veterans when veterans
    are enrolled), never a repeat while someone new is left; the silent sit out."""
    history = _round_history(session, program.id)
    met: set[frozenset[str]] = set()
    answers: dict[str, list[str]] = {}
    for groups in history:  # newest round first
        for group in groups:
            met.update(pairs_of([str(p) for p, _ in group]))
            for person, answer in group:
                answers.setdefault(str(person), []).append(answer)
    # Answers count only once members give them: a program nobody answers in skips nobody.
    answering = any(a for groups in history[:NO_ANSWER_ROUNDS] for g in groups for _, a in g)
    silent = {p for p, said in answers.items() if answering and skipped_for_silence(said)}
    members = [p.id for p in instance.learners]
    veterans = [g.id for g in instance.guides if not g.opted_out]
    try:
        found = next_round(
            members,
            met=met,
            between=(members, veterans) if veterans else None,
            skip=silent,
            seed=run.id,
        )
    except InstanceError as error:
        raise InvalidInput(error.field, error.problem) from None
    repeated = {frozenset(p) for p in found.repeats}
    for position, met_here in enumerate(found.groups, start=1):
        again = [p for p in pairs_of(met_here) if p in repeated]
        why = (
            "new to each other"
            if not again
            else "nobody new was left for some of you, so you meet again"
        )
        session.add_all(
            t.RunGroupMember(run_id=run.id, person_id=int(p), position=position, why=why)
            for p in met_here
        )
    names = {p.id: p.label for p in instance.learners} | {g.id: g.label for g in instance.guides}
    sizes = [len(g) for g in found.groups]
    run.report = json.dumps(
        {
            "round": len(history) + 1,
            "groups": len(found.groups),
            "members": sum(sizes),
            "learners": len(members) + len(veterans),
            "repeats": len(found.repeats),
            "smallest_group": min(sizes, default=0),
            "largest_group": max(sizes, default=0),
            "skipped": sorted(names.get(p, p) for p in found.skipped),
            "sitting_out": [f"{names.get(p, p)}: {why}" for p, why in found.sitting_out],
            "notes": [
                *notes,
                *(
                    f"{names.get(p, p)} sits this round out: no answer to the last two rounds"
                    for p in found.skipped
                ),
            ],
        }
    )


def _round_history(session: Session, program_id: int) -> list[list[list[tuple[int, str]]]]:
    """Each published intro round, newest first, as its groups of (person, answer)."""
    rounds: dict[int, dict[int, list[tuple[int, str]]]] = {}
    for row in session.scalars(
        select(t.ProgramGroupMember).where(t.ProgramGroupMember.program_id == program_id)
    ):
        rounds.setdefault(row.run_id, {}).setdefault(row.position, []).append(
            (row.person_id, row.answer)
        )
    return [list(rounds[run_id].values()) for run_id in sorted(rounds, reverse=True)]


def _run(session: Session, viewer: Viewer, run_id: int) -> tuple[t.MatchRun, t.Program]:
    run = session.get(t.MatchRun, run_id)
    if run is None:
        raise RunNotFound(f"no match run has id {run_id}")
    return run, administered(session, viewer, run.program_id)


def view_run(*, session: Session, viewer: Viewer, run_id: int) -> RunView:
    run, _ = _run(session, viewer, run_id)
    return _run_view(session, run)


def _run_view(session: Session, run: t.MatchRun) -> RunView:
    rp, ru = t.RunPairRow, t.RunUnmatchedRow
    pairs = session.execute(
        select(rp.learner_id, rp.guide_id, rp.score, rp.pinned, rp.reasons).where(
            rp.run_id == run.id
        )
    ).all()
    unmatched = session.execute(
        select(ru.learner_id, ru.reason, ru.detail).where(ru.run_id == run.id)
    ).all()
    members = list(
        session.scalars(
            select(t.RunGroupMember)
            .where(t.RunGroupMember.run_id == run.id)
            .order_by(t.RunGroupMember.position, t.RunGroupMember.person_id)
        )
    )
    previous = session.scalar(
        select(t.MatchRun)
        .where(t.MatchRun.program_id == run.program_id, t.MatchRun.id < run.id)
        .order_by(t.MatchRun.id.desc())
        .limit(1)
    )
    before: dict[int, int] = {}
    if previous is not None:
        before = dict(
            session.execute(
                select(t.RunPairRow.learner_id, t.RunPairRow.guide_id).where(
                    t.RunPairRow.run_id == previous.id
                )
            ).all()
        )
    people = people_named(
        session,
        [p.learner_id for p in pairs]
        + [p.guide_id for p in pairs]
        + [u.learner_id for u in unmatched]
        + [m.person_id for m in members]
        + ([run.created_by] if run.created_by else []),
    )
    ordered = sorted(pairs, key=lambda p: (people[p.learner_id].name, p.learner_id))
    run_pairs = tuple(
        RunPair(
            learner=people[p.learner_id],
            guide=people[p.guide_id],
            score=p.score,
            pinned=p.pinned,
            reasons=tuple(ReasonView(**r) for r in json.loads(p.reasons)),
            new_since_last_run=previous is not None and before.get(p.learner_id) != p.guide_id,
        )
        for p in ordered
        if p.learner_id in people and p.guide_id in people
    )
    groups: dict[int, list[t.RunGroupMember]] = {}
    for m in members:
        groups.setdefault(m.position, []).append(m)
    figures = json.loads(run.report)
    comparison = None
    if previous is not None and not members:
        now_pairs = {p.learner_id: p.guide_id for p in pairs}
        old = json.loads(previous.report)
        kept = sum(1 for learner, guide in now_pairs.items() if before.get(learner) == guide)
        comparison = RunComparison(
            previous_run=previous.id,
            matched_before=int(old.get("matched", old.get("members", 0))),
            total_score_before=float(old.get("total_score", old.get("objective", 0.0))),
            pairs_kept=kept,
            pairs_changed=sum(1 for learner in now_pairs if learner in before) - kept,
            learners_newly_matched=len(set(now_pairs) - set(before)),
            learners_no_longer_matched=len(set(before) - set(now_pairs)),
        )
    return RunView(
        id=run.id,
        program_id=run.program_id,
        method=run.method,
        state=RunState(run.state),
        rules_version=run.rules_version,
        created_at=run.created_at,
        created_by=people[run.created_by] if run.created_by and run.created_by in people else None,
        figures=figures,
        pairs=run_pairs,
        groups=tuple(
            RunGroup(
                position,
                tuple(people[m.person_id] for m in ms if m.person_id in people),
                ms[0].why,
            )
            for position, ms in sorted(groups.items())
        ),
        unmatched=tuple(
            RunUnmatched(people[u.learner_id], u.reason, u.detail)
            for u in sorted(unmatched, key=lambda u: people[u.learner_id].name)
            if u.learner_id in people
        ),
        comparison=comparison,
        publish_report=_publish_report(run),
    )


def _publish_report(run: t.MatchRun) -> PublishReport | None:
    if not run.published:
        return None
    data = json.loads(run.published)
    return PublishReport(run.id, data["proposed"], data["groups"], tuple(data["skipped"]))


def publish_run(
    *,
    session: Session,
    viewer: Viewer,
    run_id: int,
    first_session_at: datetime | None = None,
    now: datetime | None = None,
) -> PublishReport:
    """Propose the run's pairs to both people (each draws one seat on the guide's budget
    now), or form its groups: each peer circle or post-event group becomes a circle with
    its first session planned at `first_session_at` (a week on, in working hours, by
    default). Pairs whose learner found a guide since, or whose guide's budget no longer
    fits, are skipped and said so."""
    run, program = _run(session, viewer, run_id)
    if run.state != RunState.DRAFT.value:
        raise Conflict(f"run {run.id} is already published")
    latest = session.scalar(
        select(t.MatchRun.id)
        .where(t.MatchRun.program_id == program.id)
        .order_by(t.MatchRun.id.desc())
        .limit(1)
    )
    if latest != run.id:
        raise Conflict(f"run {latest} is newer; publish that one or run again")
    now = _now(now)
    kind = ProgramKind(program.kind)
    skipped: list[str] = []
    proposed = 0
    groups = 0
    if kind.forms_groups:
        placed = set() if kind.recurs else grouped_people(session, program.id)
        start = max((g for g in _group_positions(session, program.id)), default=0)
        by_position: dict[int, list[t.RunGroupMember]] = {}
        formed: dict[int, list[int]] = {}
        whys: dict[int, str] = {}
        for m in session.scalars(select(t.RunGroupMember).where(t.RunGroupMember.run_id == run.id)):
            by_position.setdefault(m.position, []).append(m)
        for position, members in sorted(by_position.items()):
            fresh = [m for m in members if m.person_id not in placed]
            if len(fresh) < len(members):
                skipped.append(f"group {position}: {len(members) - len(fresh)} already in a group")
            if not fresh:
                continue
            groups += 1
            formed[start + groups] = [m.person_id for m in fresh]
            whys[start + groups] = fresh[0].why
            session.add_all(
                t.ProgramGroupMember(
                    program_id=program.id,
                    person_id=m.person_id,
                    run_id=run.id,
                    position=start + groups,
                    why=m.why,
                    formed_at=now,
                )
                for m in fresh
            )
        if not kind.recurs:
            form_circles_for_run(
                session,
                program=program,
                run_id=run.id,
                groups=formed,
                whys=whys,
                first_session_at=first_session_at
                or default_first_session(session, viewer.person_id, now.date()),
                now=now,
            )
    else:
        proposed = _propose_run(session, program, run, now, skipped)
    notices.run_published(session, program.id, run.id, now)
    audit.record(
        session,
        AuditAction.MATCHES_PUBLISHED,
        actor_id=viewer.person_id,
        subject=f"program {program.id}",
        detail={"run": run.id, "proposed": proposed, "groups": groups, "skipped": len(skipped)},
        now=now,
    )
    report = PublishReport(run.id, proposed, groups, tuple(skipped))
    run.state = RunState.PUBLISHED.value
    run.published = json.dumps(
        {"proposed": proposed, "groups": groups, "skipped": skipped, "at": now.isoformat()}
    )
    session.flush()
    return report


def _propose_run(
    session: Session, program: t.Program, run: t.MatchRun, now: datetime, skipped: list[str]
) -> int:
    """Propose the run's pairs, best first, drawing every guide's seat in one batch."""
    taken = learners_with_a_guide(session, program.id)
    rp = t.RunPairRow
    pairs = session.execute(
        select(rp.learner_id, rp.guide_id, rp.reasons)
        .where(rp.run_id == run.id)
        .order_by(rp.score.desc(), rp.learner_id)
    ).all()
    names = person_names(session, [p for r in pairs for p in (r.learner_id, r.guide_id)])
    fresh = []
    for pair in pairs:
        if pair.learner_id in taken:
            skipped.append(f"{names.get(pair.learner_id)} already has a guide in this program")
        else:
            fresh.append(pair)
    kind = ProgramKind(program.kind)
    drawn = draw_many(
        session=session,
        draws=[
            DrawRequest(
                p.guide_id, kind.channel, program.hours_per_month, 1, f"program {program.id}"
            )
            for p in fresh
        ],
    )
    rows = []
    for pair, outcome in zip(fresh, drawn, strict=True):
        if isinstance(outcome, CapacityExhausted):
            who = f"{names.get(pair.learner_id)} with {names.get(pair.guide_id)}"
            skipped.append(f"{who}: {outcome.detail}")
            continue
        rows.append(
            {
                "program_id": program.id,
                "run_id": run.id,
                "learner_id": pair.learner_id,
                "guide_id": pair.guide_id,
                "state": MatchState.PROPOSED.value,
                "why": "; ".join(r["text"] for r in json.loads(pair.reasons)),
                "learner_accepted": False,
                "guide_accepted": False,
                "reason": "",
                "commitment_id": outcome,
                "proposed_at": now,
            }
        )
    if rows:
        session.execute(insert(t.ProgramMatch), rows)
    return len(rows)


def _group_positions(session: Session, program_id: int) -> list[int]:
    return list(
        session.scalars(
            select(t.ProgramGroupMember.position).where(
                t.ProgramGroupMember.program_id == program_id
            )
        )
    )


def _propose(
    session: Session,
    program: t.Program,
    learner_id: int,
    guide_id: int,
    why: str,
    now: datetime,
    *,
    run_id: int | None = None,
    replaces: int | None = None,
) -> t.ProgramMatch:
    kind = ProgramKind(program.kind)
    commitment = draw_capacity(
        session=session,
        person_id=guide_id,
        channel=kind.channel,
        hours_per_month=program.hours_per_month,
        people=1,
        reference=f"program {program.id}",
    )
    match = t.ProgramMatch(
        program_id=program.id,
        run_id=run_id,
        learner_id=learner_id,
        guide_id=guide_id,
        state=MatchState.PROPOSED.value,
        why=why,
        commitment_id=commitment,
        replaces_id=replaces,
        proposed_at=now,
    )
    session.add(match)
    session.flush()
    notices.matches_proposed(session, [match], now)
    return match


# Answering a match


def _match(session: Session, match_id: int) -> t.ProgramMatch:
    match = session.get(t.ProgramMatch, match_id)
    if match is None:
        raise MatchNotFound(f"no match has id {match_id}")
    return match


def _reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", f"must be at most {MAX_REASON} characters")
    return reason


def answer_match(
    *,
    session: Session,
    viewer: Viewer,
    match_id: int,
    accept: bool,
    reason: str = "",
    index: OrgExpertIndex | None = None,
    now: datetime | None = None,
) -> MatchView:
    """The learner or the guide accepts or declines a proposed match. Once both accept it
    is active. A decline releases the guide's seat and proposes the learner's next best
    guide (never one they were matched with before in this program)."""
    me = signed_in(viewer)
    match = _match(session, match_id)
    if not may_answer_match(viewer=viewer, learner_id=match.learner_id, guide_id=match.guide_id):
        raise NotPermitted("only the two people matched may answer")
    if match.state != MatchState.PROPOSED.value:
        raise Conflict(f"this match is {match.state}; it can no longer be answered")
    now = _now(now)
    reason = _reason(reason)
    if accept:
        if me == match.learner_id:
            match.learner_accepted = True
        if me == match.guide_id:
            match.guide_accepted = True
        if match.learner_accepted and match.guide_accepted:
            match.state, match.started_at = MatchState.ACTIVE.value, now
            _start_relationship(session, match, now)
        session.flush()
        notices.match_answered(session, match, me, accepted=True, now=now)
        return match_views(session, [match])[0]
    match.state, match.declined_by, match.reason, match.ended_at = (
        MatchState.DECLINED.value,
        me,
        reason,
        now,
    )
    _release(session, match)
    session.flush()
    notices.match_answered(session, match, me, accepted=False, now=now)
    rematch_learner(session, match, now, index)
    return match_views(session, [match])[0]


def end_match(
    *,
    session: Session,
    viewer: Viewer,
    match_id: int,
    reason: str,
    index: OrgExpertIndex | None = None,
    now: datetime | None = None,
    rematch: bool = True,
) -> MatchView:
    """Either side ends an active match early; the learner is proposed a new guide (unless
    `rematch` is false: the pair ran its course). Its relationship ends with it."""
    me = signed_in(viewer)
    match = _match(session, match_id)
    if not may_answer_match(viewer=viewer, learner_id=match.learner_id, guide_id=match.guide_id):
        raise NotPermitted("only the two people matched may end their match")
    if match.state != MatchState.ACTIVE.value:
        raise Conflict(f"this match is {match.state}; only an active match can end")
    reason = _reason(reason)
    if not reason:
        raise InvalidInput("reason", "say briefly why it ends, for the program's admins")
    close_match(
        session, match, ended_by=me, reason=reason, now=_now(now), index=index, rematch=rematch
    )
    return match_views(session, [match])[0]


def close_match(
    session: Session,
    match: t.ProgramMatch,
    *,
    ended_by: int | None,
    reason: str,
    now: datetime,
    index: OrgExpertIndex | None = None,
    rematch: bool = True,
) -> None:
    """End an active match (who may is the caller's to check): its seat goes back, its
    relationship ends with it, and the learner is proposed a new guide unless `rematch` is
    false."""
    match.state, match.declined_by, match.reason, match.ended_at = (
        MatchState.ENDED.value,
        ended_by,
        reason,
        now,
    )
    _release(session, match)
    end_for_match(session, match.id, ended_by=ended_by, note=reason, now=now)
    session.flush()
    if rematch:
        rematch_learner(session, match, now, index)


def _start_relationship(session: Session, match: t.ProgramMatch, now: datetime) -> None:
    """An active pair starts its relationship, with the learner's goals in the program."""
    program = get_program(session, match.program_id)
    kind = FROM_PROGRAM_KIND.get(program.kind)
    if kind is None or relationship_for_match(session, match.id) is not None:
        return
    goals = session.scalars(
        select(t.EnrollmentGoal.skill_id)
        .join(t.ProgramEnrollment, t.ProgramEnrollment.id == t.EnrollmentGoal.enrollment_id)
        .where(
            t.ProgramEnrollment.program_id == program.id,
            t.ProgramEnrollment.person_id == match.learner_id,
            t.ProgramEnrollment.side == Side.LEARNER.value,
        )
    )
    start_relationship(
        session,
        kind=kind,
        learner_id=match.learner_id,
        guide_id=match.guide_id,
        now=now,
        skill_ids=list(goals),
        program_id=program.id,
        match_id=match.id,
    )


def _release(session: Session, match: t.ProgramMatch) -> None:
    if match.commitment_id is not None:
        release_capacity(session=session, commitment_id=match.commitment_id)


def rematch_learner(
    session: Session, ended: t.ProgramMatch, now: datetime, index: OrgExpertIndex | None = None
) -> t.ProgramMatch | None:
    """Propose the best feasible guide with a free seat to the learner of an ended or
    declined match; nobody else's match changes. None when no guide fits or the learner
    left the program."""
    program = get_program(session, ended.program_id)
    built = program_instance(
        session, program, now.date(), only_learners=[ended.learner_id], index=index
    )
    instance = built.instance
    if not instance.learners:
        return None
    pool = GuidePool(instance.guides, instance.rules, instance.skills)
    before = {str(g) for g in past_partners(session, program.id, ended.learner_id)}
    for suggestion in pool.find(instance.learners[0], 5, exclude=before, load_weight=0.0):
        try:
            return _propose(
                session,
                program,
                ended.learner_id,
                int(suggestion.guide),
                suggestion.why,
                now,
                replaces=ended.id,
            )
        except CapacityExhausted:
            continue
    return None


def answer_round(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    run_id: int,
    answer: str,
) -> None:
    """A member of an intro round says whether the meeting happened. Someone who answers
    none of their last two rounds sits the next one out."""
    me = signed_in(viewer)
    try:
        said = RoundAnswer(answer)
    except ValueError:
        raise InvalidInput("answer", f"must be met or missed, got '{answer}'") from None
    row = session.get(t.ProgramGroupMember, (program_id, run_id, me))
    if row is None:
        raise NotPermitted("you were not in that round")
    row.answer = said.value
    session.flush()


@dataclass(frozen=True, slots=True)
class DueRound:
    program_id: int
    name: str
    run_id: int
    report: PublishReport


def run_due_rounds(*, session: Session, now: datetime | None = None) -> list[DueRound]:
    """Run and publish the next round of every recurring intro program whose last round is
    at least its interval old (or which has none yet, once enrollment has opened): the
    scheduler's job (`peoplefirst match rounds`). Acts as each program's first admin."""
    now = _now(now)
    done = []
    for program in session.scalars(
        select(t.Program).where(t.Program.kind == ProgramKind.PEER_INTROS.value)
    ):
        if program.enrollment_opens is not None and program.enrollment_opens > now.date():
            continue
        last = session.scalar(
            select(t.ProgramGroupMember.formed_at)
            .where(t.ProgramGroupMember.program_id == program.id)
            .order_by(t.ProgramGroupMember.formed_at.desc())
            .limit(1)
        )
        if last is not None and now - last < timedelta(weeks=program.round_every_weeks):
            continue
        admins = admins_of(session, program.id)
        if not admins:
            continue
        admin = Viewer(admins[0])
        run = run_match(session=session, viewer=admin, program_id=program.id, now=now)
        if not run.groups:
            continue
        report = publish_run(session=session, viewer=admin, run_id=run.id, now=now)
        done.append(DueRound(program.id, program.name, run.id, report))
    return done


def my_matches(*, session: Session, viewer: Viewer) -> list[MatchView]:
    """Every program match the viewer is part of, newest first."""
    me = signed_in(viewer)
    rows = session.scalars(
        select(t.ProgramMatch)
        .where((t.ProgramMatch.learner_id == me) | (t.ProgramMatch.guide_id == me))
        .order_by(t.ProgramMatch.id.desc())
    )
    return match_views(session, list(rows))


# Self-selection


def shortlist(
    *,
    session: Session,
    viewer: Viewer,
    program_id: int,
    index: OrgExpertIndex | None = None,
    now: datetime | None = None,
) -> list[ShortlistEntry]:
    """Guides a learner may pick from, best fit first but with fair exposure: a guide
    already shown to many learners yields the front places to equally fitting ones. Each
    showing is counted."""
    me = signed_in(viewer)
    program = get_program(session, program_id)
    if not program.self_select:
        raise Conflict("this program does not let learners choose their guide")
    now = _now(now)
    built = program_instance(session, program, now.date(), only_learners=[me], index=index)
    instance = built.instance
    if not instance.learners:
        raise Conflict("enroll as a learner first (or you already have a guide here)")
    pool = GuidePool(instance.guides, instance.rules, instance.skills)
    found = pool.find(instance.learners[0], SHORTLIST_SIZE * 2, load_weight=0.0)
    if not found:
        return []
    exposure = {
        row.guide_id: row
        for row in session.scalars(
            select(t.ShortlistExposure).where(t.ShortlistExposure.program_id == program_id)
        )
    }
    order = fair_order(
        [(int(s.guide), s.score) for s in found],
        {g: row.shown_first for g, row in exposure.items()},
        SHORTLIST_SIZE,
    )
    by_guide = {int(s.guide): s for s in found}
    people = people_named(session, order)
    for position, guide in enumerate(order):
        row = exposure.get(guide)
        if row is None:
            row = t.ShortlistExposure(program_id=program_id, guide_id=guide, shown=0, shown_first=0)
            session.add(row)
        row.shown += 1
        row.shown_first += position == 0
    session.flush()
    return [
        ShortlistEntry(people[g], by_guide[g].score, by_guide[g].why, by_guide[g].seats_left)
        for g in order
        if g in people
    ]
