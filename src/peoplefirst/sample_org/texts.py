"""Evidence texts that read like real work: project summaries, answers, talks, documents, posts.

Each kind has several sentence patterns; a pattern is filled with phrases from the domain
of the skill (see `work_phrases`), a name or alias of the skill, the author's team and
random numbers. Every skill an item is tagged with is mentioned in its title or body.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from peoplefirst.domain.records import SkillRecord
from peoplefirst.domain.vocabulary import EvidenceKind
from peoplefirst.sample_org.business_phrases import (
    CUSTOMER,
    FINANCE,
    GO_TO_MARKET,
    LEGAL,
    OPERATIONS,
    PEOPLE,
)
from peoplefirst.sample_org.work_phrases import DATA, PRODUCT, TECH, Domain, p

T = TypeVar("T")

DOMAINS: dict[str, Domain] = {
    "software-engineering": TECH,
    "infrastructure-cloud": TECH,
    "information-security": TECH,
    "data-analytics": DATA,
    "product-management": PRODUCT,
    "design-ux": PRODUCT,
    "project-management": PRODUCT,
    "sales": GO_TO_MARKET,
    "marketing": GO_TO_MARKET,
    "customer-experience": CUSTOMER,
    "finance-accounting": FINANCE,
    "people-hr": PEOPLE,
    "learning-development": PEOPLE,
    "leadership-management": PEOPLE,
    "communication": PEOPLE,
    "legal-compliance": LEGAL,
    "operations-supply-chain": OPERATIONS,
}

PERIODS = p(
    "Last quarter | This spring | Over the summer | In the third quarter | Earlier this year"
    " | During the last planning cycle | Back in January | Late last year | In the first half"
    " of the year | This winter | A few months ago | At the start of the year"
)
CODENAMES = p(
    "Heron | Kestrel | Lighthouse | Bluebird | Northstar | Tidewater | Granite | Sparrow"
    " | Atlas | Juniper | Harbor | Orchid | Beacon | Quartz | Cobalt | Fennel | Willow"
    " | Meridian | Puffin | Larch | Halcyon | Basalt | Ember | Compass"
)
LESSONS = p(
    "Measure before you change anything. | The boring fix was the right one. | Write the"
    " decision down while it is fresh. | Talk to the people who do the work first. | Small,"
    " reversible steps beat a big plan. | Most of the value came from the first tenth of the"
    " work. | Ask for help earlier than feels comfortable. | Ownership matters more than"
    " tooling. | Document the why, not just the how. | Share the rough version early."
    " | If nobody looks at the number, it will drift. | The second project is always easier"
    " than the first. | Agree what done means before starting. | Pairing saved more time than"
    " it cost."
)
INSIGHTS = p(
    "the boring fix was the right one | ownership matters more than tooling | most of the"
    " value came from the first tenth of the work | pairing saved more time than it cost"
    " | the second project is always easier than the first | small, reversible steps beat a"
    " big plan | a number nobody owns will drift | talking to the people who do the work"
    " saves weeks | the hardest part is agreeing what done means | the habits around a tool"
    " matter more than the tool | writing things down pays off every single week | most"
    " problems were visible months before anyone acted on them"
)
FACTORS = p(
    "how much traffic you expect | who owns it afterwards | how often it changes | the"
    " deadline | how reversible the decision is | what the customer has already been told"
    " | how much data you have | the size of the team"
)
STATUSES = p("Draft | In review | Accepted | Approved | Proposed")

_PROJECT = (
    ("{code}: {goal}", "{Period}, {thing} was in trouble: {problem}. We {approach},"
     " and leaned on {S} for the parts that had been done by hand. {Result}. {lesson}"),
    ("{Thing}: what we changed and why", "This is the write-up of {code}, a {weeks}-week"
     " effort by {team} to {goal}. The starting point was easy to state: {problem}. {Scap}"
     " did most of the heavy lifting once we {approach}. In the end {result}, and {result2}."),
    ("{Scap} on {thing}", "Goal: {goal} for {audience}. Starting point: {problem}. Approach: we {approach},"
     " using {S} throughout. Outcome: {result}. {lesson}"),
    ("Project summary: {thing}", "{team} took over {thing} when {problem}. Rather than a"
     " rewrite, we {approach} and brought in {S} one piece at a time. {Result}. What we would"
     " do again: {lesson_lc}"),
    ("{code} retrospective", "{Result}: that is the headline from {code}. It took {weeks}"
     " weeks, a lot of {S}, and a team willing to {goal}. The hardest part was the start,"
     " when {problem}."),
    ("{Scap} for {thing}", "Why: {problem}. What: we {approach}, with {S} at the centre."
     " Result: {result}. Thanks to everyone in {team} who reviewed the plan."),
    ("How {team} set out to {goal}", "{Period}, {team} set out to {goal} for {audience}. The"
     " first weeks went into {S}, because {problem}. Once that was fixed we {approach}."
     " {Result}, and {result2}."),
)  # fmt: skip
_ANSWER = (
    ("How do I {ask}?", "Short answer for {S}: {advice}. Longer answer: when {team} ran into this"
     " with {S}, we {approach}, and {result}. {lesson}"),
    ("What's the best way to {ask} with {S}?", "I ran into exactly this {period_lc} on"
     " {thing}. What worked for us was to {advice}. With {S} in particular, {advice2}. Happy to pair on it"
     " if you're still stuck."),
    ("How should we {ask}?", "It depends on {factor}, but in most cases you should {advice}."
     " {Scap} makes this easier than it looks: we {approach} and {result}."),
    ("{Scap}: how do you {ask}?", "Two things usually make it hard to {ask}: first,"
     " {problem}; second, people skip the basics of {S}. {Advice}, and most of the pain"
     " goes away."),
    ("Any advice on how to {ask}?", "Good question, and a common one among {audience}: {advice}."
     " {Advice2}."
     " There's an older wiki page about {S} that says otherwise; I would ignore it."),
    ("Question about {S} on {thing}", "If you're new to {S}, start here: {advice}. Once that"
     " works, {advice2}. We did the same on {thing} and {result}."),
    ("Re: how to {ask}", "{Advice}: that is the rule I wish someone had told me about {S}."
     " I wrote a longer note after {code}, where"
     " {problem}; the short version is that {insight}."),
)  # fmt: skip
_TALK = (
    ("How we learned to {goal}", "In this talk I walk through how {team} used {S} to {goal}."
     " We start with the mess ({problem}), cover what we tried, and end with what changed:"
     " {result}. Bring questions."),
    ("{Scap} without the drama", "{Scap} is easy to start and hard to get right. Drawing on"
     " {code}, this session shows {audience} what actually made the difference: we"
     " {approach}. Expect real numbers, including the fact that {result}."),
    ("What {thing} taught us about {S}", "Most teams meet {S} the hard way. Ours did when"
     " {problem}. This talk is about what came next, why we decided to {goal}, and the three"
     " habits that stuck."),
    ("{Scap} in practice", "What does it take to {goal}? For us it took {weeks} weeks, a lot"
     " of {S}, and one uncomfortable conversation. This talk shares the playbook, aimed at"
     " {audience}."),
    ("Lessons from {code}", "A story in three acts: {problem}; then we {approach}; and"
     " finally {result}. Along the way you will pick up practical {S} techniques you can use"
     " on Monday."),
    ("The unglamorous side of {S}", "We have used {S} in earnest for {years} years. This is"
     " the honest version, for {audience}: where it helped, where it didn't, and why"
     " {insight}."),
)  # fmt: skip
_DOCUMENT = (
    ("Proposal: changes to {thing}", "This document proposes a change to {thing}. Today"
     " {problem}. The proposal is to {goal}, using {S}. Alternatives considered were doing"
     " nothing and a full rewrite; both are discussed below. Open question: who owns it"
     " afterwards."),
    ("RFC: {goal}", "Context: {problem}. Status: {status}. Decision: we will {goal}, with"
     " {S} as the main tool. Consequences: {audience} get a short walkthrough before we"
     " switch, and the old path stays available for {weeks} weeks."),
    ("Playbook: {S} for {thing}", "This playbook explains how {team} handles {thing} with"
     " {S}, step by step. It starts with the checks we run every time, then covers the cases"
     " that go wrong. Rule of thumb: {advice}."),
    ("How we use {S}", "Purpose: give {audience} one place to learn {S} the way we use it"
     " here. It covers the basics, the three mistakes we see most, and who to ask. First"
     " principle: {advice}."),
    ("Design doc: {S} for {thing}", "Problem statement: {problem}. Requirements: {goal}; no"
     " loss of service; a rollback plan. Proposed design: {S} at the core, introduced in two"
     " stages. Prior art: on {code} we {approach} and {result}."),
    ("{Scap} guidelines for {team}", "These guidelines collect what {team} learned about {S}"
     " over {n} projects. They are opinions, not laws. The most important one: {advice}. The"
     " most ignored one: {advice2}."),
)  # fmt: skip
_POST = (
    ("What we learned from {code}", "{Period} we {approach}. A few people asked how, so here"
     " is the short version. The trigger was {thing}: {problem}. {Scap} did the rest, and"
     " {result}."),
    ("TIL: {S} and {thing}", "TIL: with {S}, {advice}. Obvious in hindsight, and it would"
     " have saved us a week on {thing}."),
    ("Notes on {S}", "Something I wish I had known when I started with {S}: {insight}."
     " {Advice}, and don't be shy about asking {audience} for a second pair of eyes."),
    ("{Scap}: three lessons", "Three lessons from {code}: {advice}; {advice2}; and never"
     " underestimate {S}. The project itself went well: {result}."),
    ("A small win with {S}", "Small win worth sharing: {result}. It came from a boring"
     " place, namely better {S} on {thing}. Credit to {team}."),
    ("Why we changed how we do {S}", "Hot take: most problems with {thing} are not {S}"
     " problems. They are process problems. {Advice}, and {S} starts to pay off."),
    ("From this week's {S} clinic", "Notes from this week's {S} clinic with {audience}: the"
     " most common question was how to {ask}. My answer: {advice}. Slides are on the wiki."),
)  # fmt: skip

PATTERNS: dict[EvidenceKind, tuple[tuple[str, str], ...]] = {
    EvidenceKind.PROJECT_SUMMARY: _PROJECT,
    EvidenceKind.ANSWER: _ANSWER,
    EvidenceKind.TALK: _TALK,
    EvidenceKind.DOCUMENT: _DOCUMENT,
    EvidenceKind.POST: _POST,
}
_ALSO = p(
    "{S2cap} played a supporting role. | It also took a fair amount of {S2}. | We used {S2}"
    " along the way, mostly for the reporting. | Some of the work was plain {S2}. | Credit"
    " also goes to good old {S2}."
)
_MORE = p(
    "{Advice2}. | {lesson2} | We also {approach2}, which helped more than expected. | The"
    " numbers after a quarter: {result2}. | Next, we want to {goal2}. | Looking back, the"
    " warning signs were there: {problem2}. | {Scap} was the part people asked about most"
    " afterwards. | The write-up includes the checklist we now use for {S}. | If you want to"
    " try this, start small and find someone who has done it before."
)
_LINKS = {
    EvidenceKind.PROJECT_SUMMARY: "https://wiki.example.com/projects/",
    EvidenceKind.ANSWER: "https://ask.example.com/questions/",
    EvidenceKind.TALK: "https://talks.example.com/",
    EvidenceKind.DOCUMENT: "https://wiki.example.com/docs/",
    EvidenceKind.POST: "https://blog.example.com/posts/",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_COMMON_ENDINGS = ("ing", "tion", "ity", "ics", "ment", "ency", "ness", "ysis")
_COMMON_WORDS = frozenset(
    [
        "Microservices",
        "Serverless",
        "Databases",
        "Spreadsheets",
        "Renewals",
        "Retrospectives",
        "Treasury",
        "Payroll",
        "Lean",
        "Cryptography",
        "Sales",
        "Communication",
        "Estimation",
        "Algorithms",
        "One-on-ones",
    ]
)
_PROPER_FIRST_WORDS = frozenset({"Android", "Linux", "Google", "Amazon", "Microsoft", "Power"})


def display_name(name: str) -> str:
    """The skill name as it reads mid-sentence: "data modeling", but "Python", "SQL"."""
    words = name.split()
    first = words[0].rstrip(",")
    letters = first.replace("-", "")
    plain_first = letters.isalpha() and first[:1].isupper() and first[1:] == first[1:].lower()
    if not plain_first or first in _PROPER_FIRST_WORDS:
        return name
    if len(words) == 1:
        common = first in _COMMON_WORDS or first.lower().endswith(_COMMON_ENDINGS)
        return name[:1].lower() + name[1:] if common else name
    rest_plain = all(w.islower() or w.isupper() or not w[:1].isalpha() for w in words[1:])
    return name[:1].lower() + name[1:] if rest_plain else name


def one(options: Sequence[T], rnd: Callable[[], float]) -> T:
    """A uniform pick; `rnd` is a `Random.random`. Several times cheaper than `choice`."""
    return options[int(rnd() * len(options))]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class EvidenceWriter:
    """Writes evidence titles and bodies for skills of a taxonomy."""

    def __init__(self, skills: Mapping[str, SkillRecord], rng: random.Random) -> None:
        self.rng = rng
        self._names = {key: display_name(s.name) for key, s in skills.items()}
        self._aliases = {key: s.aliases for key, s in skills.items()}
        self._domains = {key: DOMAINS.get(_top(key, skills), PEOPLE) for key in skills}

    def name(self, key: str) -> str:
        """The skill's name as it reads mid-sentence."""
        return self._names[key]

    def mention(self, key: str) -> str:
        """The skill's name, or now and then one of its aliases ("k8s", "FP&A")."""
        aliases = self._aliases[key]
        if aliases and self.rng.random() < 0.25:
            return one(aliases, self.rng.random)
        return self._names[key]

    def write(
        self, kind: EvidenceKind, skill_keys: tuple[str, ...], team: str, *, long: bool = False
    ) -> tuple[str, str]:
        """A (title, body) about `skill_keys[0]`, mentioning every key; `long` adds detail."""
        rnd = self.rng.random
        fields = _Fields(self._domains[skill_keys[0]], rnd)
        fields["S"], fields["team"] = self.mention(skill_keys[0]), team
        title, body = one(PATTERNS[kind], rnd)
        if len(skill_keys) > 1:
            fields["S2"] = self.mention(skill_keys[1])
            body += " " + one(_ALSO, rnd)
        if long:
            body += " " + " ".join(self.rng.sample(_MORE, 5))
        # Two passes: the first places phrases, the second fills the numbers inside them.
        title = _cap(title.format_map(fields).format_map(fields))
        body = body.format_map(fields).format_map(fields)
        for key in skill_keys[2:]:
            body += f" See also: {self.mention(key)}."
        return title, body

    def link(self, kind: EvidenceKind, title: str, evidence_id: int, year: int) -> str:
        slug = _NOT_SLUG.sub("-", title.lower()).strip("-")[:60].rstrip("-")
        if kind is EvidenceKind.TALK:
            return f"{_LINKS[kind]}{year}/{slug}-{evidence_id}"
        return f"{_LINKS[kind]}{slug}-{evidence_id}"


class _Fields(dict[str, str | int]):
    """The words and numbers of one text, each made the first time a pattern asks for it."""

    __slots__ = ("domain", "rnd")

    def __init__(self, domain: Domain, rnd: Callable[[], float]) -> None:
        super().__init__()
        self.domain = domain
        self.rnd = rnd

    def __missing__(self, key: str) -> str | int:
        value = _MAKERS[key](self)
        self[key] = value
        return value

    def pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rnd() * len(options))]

    def other(self, options: tuple[str, ...], than: str) -> str:
        """An option different from the one already chosen for `than`."""
        first = self[than]
        while (value := self.pick(options)) == first:
            pass
        return value

    def number(self, key: str) -> int:
        return int(self[key])

    def text(self, key: str) -> str:
        return str(self[key])


_MAKERS: dict[str, Callable[[_Fields], str | int]] = {
    "Scap": lambda f: _cap(f.text("S")),
    "S2cap": lambda f: _cap(f.text("S2")),
    "thing": lambda f: f.pick(f.domain.things),
    "Thing": lambda f: _cap(f.text("thing")),
    "problem": lambda f: f.pick(f.domain.problems),
    "problem2": lambda f: f.other(f.domain.problems, "problem"),
    "result": lambda f: f.pick(f.domain.results),
    "Result": lambda f: _cap(f.text("result")),
    "result2": lambda f: f.other(f.domain.results, "result"),
    "goal": lambda f: f.pick(f.domain.goals),
    "goal2": lambda f: f.other(f.domain.goals, "goal"),
    "approach": lambda f: f.pick(f.domain.approaches),
    "approach2": lambda f: f.other(f.domain.approaches, "approach"),
    "audience": lambda f: f.pick(f.domain.audiences),
    "ask": lambda f: f.pick(f.domain.asks),
    "advice": lambda f: f.pick(f.domain.advice),
    "Advice": lambda f: _cap(f.text("advice")),
    "advice2": lambda f: f.other(f.domain.advice, "advice"),
    "Advice2": lambda f: _cap(f.text("advice2")),
    "Period": lambda f: f.pick(PERIODS),
    "period_lc": lambda f: _lower_first(f.pick(PERIODS)),
    "code": lambda f: "Project " + f.pick(CODENAMES),
    "lesson": lambda f: f.pick(LESSONS),
    "lesson_lc": lambda f: _lower_first(f.text("lesson")),
    "lesson2": lambda f: f.other(LESSONS, "lesson"),
    "insight": lambda f: f.pick(INSIGHTS),
    "factor": lambda f: f.pick(FACTORS),
    "status": lambda f: f.pick(STATUSES),
    "m": lambda f: 2 + int(f.rnd() * 8),
    "n": lambda f: f.number("m") + 4 + int(f.rnd() * (37 - f.number("m"))),
    "big": lambda f: 220 + 10 * int(f.rnd() * 218),
    "small": lambda f: int(f.number("big") * (0.15 + 0.45 * f.rnd())) // 10 * 10,
    "pct": lambda f: 12 + int(f.rnd() * 57),
    "weeks": lambda f: 3 + int(f.rnd() * 12),
    "years": lambda f: 2 + int(f.rnd() * 8),
}


def _top(key: str, skills: Mapping[str, SkillRecord]) -> str:
    seen = {key}
    while (parent := skills[key].parent_key) is not None and parent in skills:
        if parent in seen:
            break
        seen.add(parent)
        key = parent
    return key
