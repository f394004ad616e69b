"""Pages for programs: mentoring, coaching, peer partners, onboarding buddies, reverse
mentoring, peer circles and post-event groups. The list, a new program, one program (taking
part, and for its admins: settings, rules, cohort, runs, matches) and one match run.

Each route calls one service of `peoplefirst.services.programs` or `program_runs`; the forms
post here and are answered with a redirect (303) back to the page they came from, so every
step works without JavaScript. htmx only suggests skill names as one types.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import Conflict, InvalidInput, RunNotFound
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.programs import (
    MAX_CHOICES,
    MAX_DESCRIPTION,
    MAX_GOALS,
    MAX_NAME,
    MAX_REASON,
    MAX_STAGE,
    MatchState,
    MatchView,
    ProgramKind,
    ProgramSummary,
    ProgramView,
    PublishReport,
    RunState,
    RunView,
    ShortlistEntry,
    Side,
)
from peoplefirst.domain.vocabulary import GuideRole
from peoplefirst.matching import METHODS, SOFT_GOALS
from peoplefirst.matching.rules import REPORTING_LINES
from peoplefirst.ranking.org import OrgExpertIndex
from peoplefirst.services import directory, program_runs, programs
from peoplefirst.storage import tables as t
from peoplefirst.web.deps import (
    MAX_ID,
    ExpertIndexDep,
    RecordId,
    SessionDep,
    SignedInDep,
    ViewerDep,
    no_control_characters,
)
from peoplefirst.web.pages import (
    FormId,
    FormText,
    OptionalNumber,
    _blank_is_none,
    _list_depth,
    _render,
    _skill_named,
)

router = APIRouter(include_in_schema=False)

Id = FormId
# A blank box or a "—" choice means "not given".
OptionalFloat = Annotated[float | None, BeforeValidator(_blank_is_none)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
OptionalChoice = Annotated[Id | None, BeforeValidator(_blank_is_none)]

PAIRS_PER_PAGE = 200
LIST_LIMIT = 500  # enrolled people and matches shown on a program page
MAX_INVITE_FILE = 1_000_000  # bytes
MAX_SHOWN_SKIPPED = 20  # skipped pairs named after publishing

METHOD_WORDS = {
    "optimal": "Optimal: the most learners matched, then the best total score",
    "stable-learner": "Stable, learner-proposing: no pair would rather be together",
    "stable-guide": "Stable, guide-proposing",
    "greedy": "Greedy: best-scoring pairs first",
}
REPORTING_WORDS = {
    "any": "Any: no rule",
    "outside": "Outside the learner's management chain",
    "manager_or_senior_peer": "The learner's manager or a more senior peer",
}
SOFT_WORDS = {
    "goal_fit": "Goal fit: the guide is strong in the learner's goals",
    "time_zone": "Working hours overlap",
    "cross_department": "Different departments",
    "cross_location": "Different locations",
    "same_stage": "Same stage (e.g. new manager)",
    "level_gap": "Level gap close to the ideal",
    "tenure_gap": "Tenure difference",
    "learner_preference": "The learner's stated choices",
    "guide_preference": "The guide's stated choices",
    "load_fairness": "Spread learners evenly over guides",
}
UNMATCHED_WORDS = {
    "opted_out": "Opted out",
    "no_feasible_guide": "No guide fits the rules",
    "capacity_taken": "Seats went to learners they fit better",
}
STATE_WORDS = {
    MatchState.PROPOSED: "Proposed",
    MatchState.ACTIVE: "Active",
    MatchState.DECLINED: "Declined",
    MatchState.ENDED: "Ended",
}


def _redirect(url: str) -> RedirectResponse:
    """Send the browser on (303); the session dependency has committed by then."""
    return RedirectResponse(url, status_code=303)


def _kinds() -> list[tuple[str, str, bool]]:
    return [(k.value, k.label, k.forms_groups) for k in ProgramKind]


def _settings_limits() -> dict[str, Any]:
    return {
        "name": MAX_NAME,
        "description": MAX_DESCRIPTION,
        "hours": programs.MAX_HOURS,
        "group": programs.MAX_GROUP,
        "stage": MAX_STAGE,
        "reason": MAX_REASON,
        "goals": MAX_GOALS,
        "choices": MAX_CHOICES,
    }


# -- the list ------------------------------------------------------------------------------------


def _awaits(match: MatchView, me: int) -> bool:
    """Whether a proposed match waits for `me` to answer."""
    if match.state is not MatchState.PROPOSED:
        return False
    if match.learner.id == me:
        return not match.learner_accepted
    return match.guide.id == me and not match.guide_accepted


def _sections(found: Sequence[ProgramSummary]) -> dict[str, list[ProgramSummary]]:
    run = [p for p in found if p.i_admin]
    part = [p for p in found if p.my_sides and not p.i_admin]
    placed = {p.id for p in run + part}
    open_now = [p for p in found if p.open_now and p.id not in placed]
    placed |= {p.id for p in open_now}
    return {
        "run": run,
        "part": part,
        "open": open_now,
        "others": [p for p in found if p.id not in placed],
    }


@router.get("/programs", response_class=HTMLResponse)
def programs_page(
    request: Request, session: SessionDep, viewer: ViewerDep, me: SignedInDep
) -> HTMLResponse:
    found = programs.list_programs(session=session, viewer=viewer)
    mine = program_runs.my_matches(session=session, viewer=viewer) if me is not None else []
    current = [m for m in mine if m.state.holds_a_seat]
    context: dict[str, Any] = {
        "me": me,
        "sections": _sections(found),
        "total": len(found),
        "my_matches": current,
        "awaiting": {m.id for m in current if me is not None and _awaits(m, me.id)},
        "words": {p.id: (p.kind.learner_word, p.kind.guide_word) for p in found},
        "state_words": STATE_WORDS,
        "limits": _settings_limits(),
    }
    return _render(request, "programs.html", context)


# -- a new program, and its settings ---------------------------------------------------------------


class ProgramForm(BaseModel):
    """The settings form as sent; the service checks the rules and names what is wrong."""

    name: FormText = ""
    kind: str = ProgramKind.MENTORING.value
    description: FormText = ""
    enrollment_opens: OptionalDate = None
    enrollment_closes: OptionalDate = None
    invite_only: bool = False
    self_select: bool = False
    hours_per_month: OptionalFloat = None
    group_min_size: OptionalNumber = None
    group_max_size: OptionalNumber = None
    round_every_weeks: OptionalNumber = None

    def settings(self) -> programs.ProgramSettings:
        default = programs.ProgramSettings(name="")
        return programs.ProgramSettings(
            name=self.name,
            kind=self.kind,
            description=self.description,
            enrollment_opens=self.enrollment_opens,
            enrollment_closes=self.enrollment_closes,
            invite_only=self.invite_only,
            self_select=self.self_select,
            hours_per_month=default.hours_per_month
            if self.hours_per_month is None
            else self.hours_per_month,
            group_min_size=default.group_min_size
            if self.group_min_size is None
            else self.group_min_size,
            group_max_size=default.group_max_size
            if self.group_max_size is None
            else self.group_max_size,
            round_every_weeks=default.round_every_weeks
            if self.round_every_weeks is None
            else self.round_every_weeks,
        )


@router.get("/programs/new", response_class=HTMLResponse)
def new_program_page(request: Request, me: SignedInDep) -> HTMLResponse:
    context = {
        "me": me,
        "kinds": _kinds(),
        "p": programs.ProgramSettings(name=""),
        "limits": _settings_limits(),
    }
    return _render(request, "program_new.html", context)


@router.post("/programs/new")
def create(
    session: SessionDep, viewer: ViewerDep, form: Annotated[ProgramForm, Form()]
) -> RedirectResponse:
    made = programs.create_program(session=session, viewer=viewer, settings=form.settings())
    return _redirect(f"/programs/{made}")


@router.post("/programs/{program_id}/settings")
def change_settings(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[ProgramForm, Form()],
) -> RedirectResponse:
    programs.update_program(
        session=session, viewer=viewer, program_id=program_id, settings=form.settings()
    )
    return _redirect(f"/programs/{program_id}#settings")


# -- one program -------------------------------------------------------------------------------


def _pair_list(pairs: object, names: Mapping[int, str]) -> list[tuple[int, int, str, str, bool]]:
    """Pinned or forbidden pairs of the rules (learner and guide ids, as text), as
    (learner id, guide id, learner, guide, both still enrolled)."""
    found: list[tuple[int, int, str, str, bool]] = []
    for pair in pairs if isinstance(pairs, list) else []:
        if len(pair) == 2 and all(str(p).isdigit() for p in pair):
            learner, guide = int(pair[0]), int(pair[1])
            found.append(
                (
                    learner,
                    guide,
                    names.get(learner, f"person {learner} (not enrolled)"),
                    names.get(guide, f"person {guide} (not enrolled)"),
                    learner in names and guide in names,
                )
            )
    return found


def _rule_fields(rules: Mapping[str, Any]) -> dict[str, Any]:
    """The rules as the simple form shows them."""
    hard = rules.get("hard", {})
    soft = rules.get("soft", {})
    gap = hard.get("level_gap")
    return {
        "role": hard.get("role") or "",
        "reporting_line": hard.get("reporting_line", "any"),
        "shared_language": bool(hard.get("shared_language", True)),
        "min_overlap_hours": hard.get("min_overlap_hours", 0),
        "level_gap_low": gap[0] if gap else "",
        "level_gap_high": gap[1] if gap else "",
        "ideal_level_gap": rules.get("ideal_level_gap", ""),
        "soft": [(goal, SOFT_WORDS.get(goal, goal), soft.get(goal, "")) for goal in SOFT_GOALS],
    }


def _shortlist(
    session: Session, viewer: Viewer, view: ProgramView, has_guide: bool, index: OrgExpertIndex
) -> list[ShortlistEntry] | None:
    """Guides a learner may choose from: for a self-select program's learners without one."""
    learner = any(e.side is Side.LEARNER for e in view.my_enrollments)
    if not (view.self_select and learner and not has_guide) or view.kind.forms_groups:
        return None
    try:
        return program_runs.shortlist(
            session=session, viewer=viewer, program_id=view.id, index=index
        )
    except Conflict:  # placed since (e.g. a match proposed in between)
        return None


def _program_context(
    session: Session,
    viewer: Viewer,
    me: t.Person | None,
    view: ProgramView,
    index: OrgExpertIndex,
) -> dict[str, Any]:
    mine = [m for m in view.matches if me is not None and me.id in (m.learner.id, m.guide.id)]
    has_guide = any(m.learner.id == (me.id if me else None) and m.state.holds_a_seat for m in mine)
    enrolled = {e.side: e for e in view.my_enrollments}
    context: dict[str, Any] = {
        "me": me,
        "v": view,
        "kinds": _kinds(),
        "limits": _settings_limits(),
        "state_words": STATE_WORDS,
        "my_learner": enrolled.get(Side.LEARNER),
        "my_guide": enrolled.get(Side.GUIDE),
        "my_matches": mine,
        "awaiting": {m.id for m in mine if me is not None and _awaits(m, me.id)},
        "words": {view.id: (view.kind.learner_word, view.kind.guide_word)},
        "has_guide": has_guide,
        "may_enroll": me is not None
        and (view.i_admin or (view.open_now and (view.i_am_invited or not view.invite_only))),
        "shortlist": _shortlist(session, viewer, view, has_guide, index)
        if me is not None
        else None,
    }
    if context["shortlist"]:
        # Whom the learner may choose: the shortlist, and whom they chose before.
        listed = [s.guide for s in context["shortlist"]]
        chosen = enrolled[Side.LEARNER].choices if Side.LEARNER in enrolled else ()
        context["choice_options"] = listed + [p for p in chosen if p not in listed]
    if me is not None and (view.my_enrollments or context["may_enroll"]):
        # The goal boxes suggest names; past this many, htmx asks as one types.
        choices = directory.find_skills(session=session, limit=directory.MAX_PAGE)
        context["skill_choices"] = choices.items
        context["more_skills"] = choices.total > len(choices.items)
    if view.i_admin:
        names = {e.person.id: e.person.name for e in view.learners + view.guides}
        hard = view.rules.get("hard", {})
        context |= {
            "rules_json": json.dumps(view.rules, indent=2),
            "rule_fields": _rule_fields(view.rules),
            "roles": list(GuideRole),
            "reporting_lines": [(r, REPORTING_WORDS.get(r, r)) for r in REPORTING_LINES],
            "pinned": _pair_list(hard.get("pinned", []), names),
            "forbidden": _pair_list(hard.get("forbidden", []), names),
            "methods": [(m, METHOD_WORDS.get(m, m)) for m in METHODS],
            "latest_run": view.runs[0].id if view.runs else None,
            "departments": directory.list_departments(
                session=session, max_depth=_list_depth(session)
            ),
            "list_limit": LIST_LIMIT,
        }
    return context


@router.get("/programs/{program_id}", response_class=HTMLResponse)
def program_page(
    request: Request,
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    index: ExpertIndexDep,
    invited: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
) -> HTMLResponse:
    view = programs.view_program(
        session=session, viewer=viewer, program_id=program_id, list_limit=LIST_LIMIT
    )
    context = _program_context(session, viewer, me, view, index)
    context["invited_now"] = invited
    return _render(request, "program.html", context)


# -- taking part ---------------------------------------------------------------------------------


class EnrollForm(BaseModel):
    """The enrollment form as sent. `skill` holds the goal boxes (names or aliases); they
    are named so that the suggestion list can ask for more names as one types."""

    side: str = Side.LEARNER.value
    skill: list[Annotated[FormText, Field(max_length=200)]] = Field(default=[], max_length=20)
    capacity: OptionalNumber = None
    stage: FormText = ""


@router.post("/programs/{program_id}/enroll")
def enroll(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[EnrollForm, Form()],
) -> RedirectResponse:
    names = [name for name in form.skill if name.strip()]
    if len(names) > MAX_GOALS:
        raise InvalidInput("skill", f"at most {MAX_GOALS} goals, got {len(names)}")
    skill_ids = [_skill_named(session, "skill", name) for name in names]
    programs.enroll(
        session=session,
        viewer=viewer,
        program_id=program_id,
        side=form.side,
        skill_ids=list(dict.fromkeys(skill_ids)),
        capacity=1 if form.capacity is None else form.capacity,
        stage=form.stage,
    )
    return _redirect(f"/programs/{program_id}#take-part")


@router.post("/programs/{program_id}/withdraw")
def withdraw(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    side: Annotated[str, Form(max_length=20)] = "",
) -> RedirectResponse:
    programs.withdraw(session=session, viewer=viewer, program_id=program_id, side=side)
    return _redirect(f"/programs/{program_id}#take-part")


@router.post("/programs/{program_id}/choose")
def choose(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    chosen: Annotated[list[OptionalChoice], Form(max_length=MAX_CHOICES + 2)] = [],  # noqa: B006
) -> RedirectResponse:
    programs.choose(
        session=session,
        viewer=viewer,
        program_id=program_id,
        side=Side.LEARNER.value,
        chosen=[c for c in chosen if c is not None],
    )
    return _redirect(f"/programs/{program_id}#choose")


def _after_answer(match: MatchView, back: str) -> RedirectResponse:
    if back == "list":
        return _redirect("/programs#your-matches")
    return _redirect(f"/programs/{match.program_id}#my-matches")


Back = Annotated[str, Form(max_length=20)]
Reason = Annotated[FormText, Form()]


@router.post("/programs/matches/{match_id}/accept")
def accept(
    match_id: RecordId, session: SessionDep, viewer: ViewerDep, back: Back = ""
) -> RedirectResponse:
    match = program_runs.answer_match(
        session=session, viewer=viewer, match_id=match_id, accept=True
    )
    return _after_answer(match, back)


@router.post("/programs/matches/{match_id}/decline")
def decline(
    match_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
    reason: Reason = "",
    back: Back = "",
) -> RedirectResponse:
    match = program_runs.answer_match(
        session=session, viewer=viewer, match_id=match_id, accept=False, reason=reason, index=index
    )
    return _after_answer(match, back)


@router.post("/programs/matches/{match_id}/end")
def end(
    match_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
    reason: Reason = "",
    back: Back = "",
) -> RedirectResponse:
    match = program_runs.end_match(
        session=session, viewer=viewer, match_id=match_id, reason=reason, index=index
    )
    return _after_answer(match, back)


@router.post("/programs/{program_id}/rounds/{run_id}/answer")
def answer_round(
    program_id: RecordId,
    run_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    answer: Annotated[str, Form(max_length=10)] = "",
) -> RedirectResponse:
    program_runs.answer_round(
        session=session, viewer=viewer, program_id=program_id, run_id=run_id, answer=answer
    )
    return _redirect(f"/programs/{program_id}#my-group")


# -- running a program: rules, cohort, pairs, runs --------------------------------------------------


def _rules_now(
    session: Any, viewer: Any, program_id: int, version: int | None
) -> Mapping[str, Any]:
    """The program's rules, refusing to overwrite a version the admin has not seen: the
    form says which version it showed. Non-admins are left to the service, which refuses
    them."""
    now = programs.view_program(session=session, viewer=viewer, program_id=program_id, list_limit=0)
    if now.i_admin and version is not None and now.rules_version != version:
        raise Conflict(
            f"the rules changed since this page was loaded (now version {now.rules_version});"
            " reload the page and make your change again"
        )
    return now.rules


class RulesForm(BaseModel):
    """The simple rules form: the main hard rules and every soft goal's weight. What the
    form does not show (pins, forbidden pairs, advanced fields) is kept as it is."""

    version: OptionalNumber = None
    role: str = ""
    reporting_line: str = "any"
    shared_language: bool = False
    min_overlap_hours: OptionalFloat = None
    level_gap_low: OptionalFloat = None
    level_gap_high: OptionalFloat = None
    ideal_level_gap: OptionalFloat = None
    soft_goal_fit: OptionalFloat = None
    soft_time_zone: OptionalFloat = None
    soft_cross_department: OptionalFloat = None
    soft_cross_location: OptionalFloat = None
    soft_same_stage: OptionalFloat = None
    soft_level_gap: OptionalFloat = None
    soft_tenure_gap: OptionalFloat = None
    soft_learner_preference: OptionalFloat = None
    soft_guide_preference: OptionalFloat = None
    soft_load_fairness: OptionalFloat = None

    def applied_to(self, rules: Mapping[str, Any]) -> dict[str, Any]:
        new: dict[str, Any] = json.loads(json.dumps(rules))  # a deep copy, in the same order
        hard = new.setdefault("hard", {})
        hard["role"] = self.role or None
        hard["reporting_line"] = self.reporting_line
        hard["shared_language"] = self.shared_language
        hard["min_overlap_hours"] = self.min_overlap_hours or 0
        low, high = self.level_gap_low, self.level_gap_high
        if (low is None) != (high is None):
            raise InvalidInput("level_gap", "give both the lowest and the highest gap, or neither")
        hard["level_gap"] = None if low is None or high is None else [_whole(low), _whole(high)]
        if self.ideal_level_gap is not None:
            new["ideal_level_gap"] = _whole(self.ideal_level_gap)
        old_soft = rules.get("soft", {})
        soft: dict[str, float] = {}
        for goal in SOFT_GOALS:
            weight = getattr(self, f"soft_{goal}", None)
            # A goal left out weighs 0: keep it out unless it was written down before.
            if weight is not None and (weight != 0 or goal in old_soft):
                soft[goal] = weight
        new["soft"] = soft
        return new


def _whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


@router.post("/programs/{program_id}/rules")
def change_rules(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[RulesForm, Form()],
) -> RedirectResponse:
    rules = _rules_now(session, viewer, program_id, form.version)
    programs.set_rules(
        session=session, viewer=viewer, program_id=program_id, rules=form.applied_to(rules)
    )
    return _redirect(f"/programs/{program_id}#rules")


@router.post("/programs/{program_id}/rules/json")
def change_rules_json(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    rules: Annotated[FormText, Form(max_length=1_000_000)] = "",
    version: Annotated[OptionalNumber, Form()] = None,
) -> RedirectResponse:
    _rules_now(session, viewer, program_id, version)
    try:
        parsed = json.loads(rules)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            "rules", f"is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    programs.set_rules(session=session, viewer=viewer, program_id=program_id, rules=parsed)
    return _redirect(f"/programs/{program_id}#rules")


def _people_list(text: str) -> list[str]:
    """Employee ids or emails, one a line or separated by commas, semicolons or spaces; a
    first line naming the column (employee_id, email) is skipped."""
    keys = text.replace(",", " ").replace(";", " ").split()
    if keys and keys[0].lower() in {"employee_id", "email", "employee", "id"}:
        keys = keys[1:]
    return keys


@router.post("/programs/{program_id}/invite")
def invite(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    department_id: Annotated[OptionalNumber, Form()] = None,
    min_level: Annotated[OptionalNumber, Form()] = None,
    max_level: Annotated[OptionalNumber, Form()] = None,
    people: Annotated[FormText, Form(max_length=MAX_INVITE_FILE)] = "",
    people_file: Annotated[UploadFile | None, File()] = None,
) -> RedirectResponse:
    keys = _people_list(people)
    if people_file is not None and people_file.filename:
        data = people_file.file.read(MAX_INVITE_FILE + 1)
        if len(data) > MAX_INVITE_FILE:
            raise InvalidInput("people_file", f"must be at most {MAX_INVITE_FILE:,} bytes")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("people_file", "must be UTF-8 text") from None
        keys += _people_list(no_control_characters_or_field(text, "people_file"))
    if department_id is None and min_level is None and max_level is None and not keys:
        raise InvalidInput("people", "choose a department or a level band, or list people")
    added = programs.invite(
        session=session,
        viewer=viewer,
        program_id=program_id,
        department_id=department_id,
        min_level=min_level,
        max_level=max_level,
        people=keys,
    )
    return _redirect(f"/programs/{program_id}?invited={added}#cohort")


def no_control_characters_or_field(text: str, field: str) -> str:
    try:
        return no_control_characters(text)
    except ValueError as error:
        raise InvalidInput(field, str(error)) from None


class PairForm(BaseModel):
    learner_id: Id
    guide_id: Id
    action: str = ""
    run: OptionalChoice = None  # the run page to return to
    page: Annotated[int, Field(ge=1, le=100_000)] = 1


@router.post("/programs/{program_id}/pairs")
def change_pair(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    form: Annotated[PairForm, Form()],
) -> RedirectResponse:
    programs.set_pair(
        session=session,
        viewer=viewer,
        program_id=program_id,
        learner_id=form.learner_id,
        guide_id=form.guide_id,
        action=form.action,
    )
    if form.run is not None:
        page = f"?page={form.page}" if form.page > 1 else ""
        return _redirect(f"/programs/{program_id}/runs/{form.run}{page}#pair-{form.learner_id}")
    return _redirect(f"/programs/{program_id}#pairs")


@router.post("/programs/{program_id}/runs")
def run(
    program_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    index: ExpertIndexDep,
    method: Annotated[str, Form(max_length=40)] = "optimal",
) -> RedirectResponse:
    made = program_runs.run_match(
        session=session, viewer=viewer, program_id=program_id, method=method, index=index
    )
    return _redirect(f"/programs/{program_id}/runs/{made.id}")


# -- one run -------------------------------------------------------------------------------------


def _figures(run: RunView, groups: bool) -> list[tuple[str, str, str]]:
    """The run report's main figures as (label, value, what it means)."""
    f = run.figures

    def num(key: str, digits: int = 3) -> str:
        value = f.get(key)
        return f"{value:,.{digits}f}" if isinstance(value, int | float) else "—"

    if groups:
        return [
            ("Groups", str(f.get("groups", 0)), "groups formed"),
            (
                "Placed",
                f"{f.get('members', 0)} of {f.get('learners', 0)}",
                "members placed in a group, of those waiting for one",
            ),
            (
                "Group sizes",
                f"{f.get('smallest_group', 0)} to {f.get('largest_group', 0)}",
                "the smallest and largest group",
            ),
            ("Objective", num("objective"), "how well the groups fit, summed"),
        ]
    gap = f.get("optimality_gap")
    gap_text = f"{gap:.2%}" if isinstance(gap, int | float) else "—"
    converged = " (the bound converged)" if f.get("bound_converged") else ""
    return [
        (
            "Matched",
            f"{f.get('matched', 0)} of {f.get('learners', 0)}",
            "learners matched, pins included",
        ),
        ("Total score", num("total_score"), "the sum of the pairs' scores"),
        ("Mean score", num("mean_score"), "per matched pair"),
        (
            "Optimality gap",
            gap_text,
            "at most this far below a proven ceiling on any assignment's total" + converged,
        ),
        (
            "Blocking pairs",
            str(f.get("blocking_pairs", "—")),
            "pairs not matched who would both rather be together",
        ),
        ("Max load ratio", num("max_load_ratio", 2), "the busiest guide's learners ÷ seats"),
        ("Load Gini", num("load_gini", 2), "0 when every guide carries the same load"),
        ("Pinned", str(f.get("pinned", 0)), "pairs an admin fixed"),
    ]


def _shown_report(report: PublishReport | None) -> dict[str, Any] | None:
    """The stored publish report, its skipped pairs capped for the page."""
    if report is None:
        return None
    skipped = [s[:300] for s in report.skipped[:MAX_SHOWN_SKIPPED]]
    return {
        "proposed": report.proposed,
        "groups": report.groups,
        "skipped": skipped,
        "more": max(len(report.skipped) - len(skipped), 0),
    }


def _why_not_publish(run: RunView, latest: int | None) -> str:
    if run.state is RunState.PUBLISHED:
        return "This run is published: its pairs were proposed to both people."
    if latest is not None and latest != run.id:
        return (
            f"Run {latest} is newer: only the latest run may be published; publish that one"
            " or run again."
        )
    return ""


@router.get("/programs/{program_id}/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    request: Request,
    program_id: RecordId,
    run_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
    me: SignedInDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    found = program_runs.view_run(session=session, viewer=viewer, run_id=run_id)
    if found.program_id != program_id:
        raise RunNotFound(f"program {program_id} has no match run {run_id}")
    view = programs.view_program(
        session=session, viewer=viewer, program_id=program_id, list_limit=0
    )
    groups = view.kind.forms_groups
    pages = max(1, -(-len(found.pairs) // PAIRS_PER_PAGE))
    page = min(page, pages)
    hard = view.rules.get("hard", {})
    latest = view.runs[0].id if view.runs else None
    f = found.figures
    context: dict[str, Any] = {
        "me": me,
        "v": view,
        "r": found,
        "groups": groups,
        "figures": _figures(found, groups),
        "unmatched_by_reason": [
            (UNMATCHED_WORDS.get(k, k.replace("_", " ").capitalize()), n)
            for k, n in dict(f.get("unmatched_by_reason", {})).items()
        ],
        "seconds": dict(f.get("seconds", {})),
        "notes": list(f.get("notes", [])),
        "unmatched_words": UNMATCHED_WORDS,
        "pairs": found.pairs[(page - 1) * PAIRS_PER_PAGE : page * PAIRS_PER_PAGE],
        "page": page,
        "pages": pages,
        "pinned_now": {tuple(p) for p in hard.get("pinned", [])},
        "forbidden_now": {tuple(p) for p in hard.get("forbidden", [])},
        "latest_run": latest,
        "why_not_publish": _why_not_publish(found, latest),
        "report": _shown_report(found.publish_report),
        "method_words": METHOD_WORDS,
    }
    return _render(request, "program_run.html", context)


@router.post("/programs/{program_id}/runs/{run_id}/publish")
def publish(
    program_id: RecordId,
    run_id: RecordId,
    session: SessionDep,
    viewer: ViewerDep,
) -> RedirectResponse:
    found = program_runs.view_run(session=session, viewer=viewer, run_id=run_id)
    if found.program_id != program_id:
        raise RunNotFound(f"program {program_id} has no match run {run_id}")
    program_runs.publish_run(session=session, viewer=viewer, run_id=run_id)
    return _redirect(f"/programs/{program_id}/runs/{run_id}#published")
