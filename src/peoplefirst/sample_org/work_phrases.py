"""Phrases about work, by domain, that the evidence writer combines into texts.

Each domain lists the things people work on, the problems they meet, what they did and
what changed. Numbers are left as fields ({n}, {m}, {big}, {small}, {pct}, {weeks}) that
the writer fills, so the same phrase reads differently each time. Phrases are written to
fit the sentence patterns in `texts.py`: problems and results are clauses without a final
full stop, goals and asks follow "to", approaches are in the past tense.
"""

from __future__ import annotations

from typing import NamedTuple


class Domain(NamedTuple):
    things: tuple[str, ...]
    problems: tuple[str, ...]
    results: tuple[str, ...]
    goals: tuple[str, ...]
    approaches: tuple[str, ...]
    audiences: tuple[str, ...]
    asks: tuple[str, ...]
    advice: tuple[str, ...]


def p(text: str) -> tuple[str, ...]:
    """Split a '|'-separated list of phrases."""
    return tuple(s.strip() for s in text.split("|") if s.strip())


TECH = Domain(
    things=p(
        "the checkout service | our billing API | the search indexer | the mobile sync layer"
        " | the deployment pipeline | the notification service | the login flow"
        " | the internal admin tool | the event ingestion path | the pricing engine"
        " | our production clusters | the public API gateway"
    ),
    problems=p(
        "p95 latency had crept past {big} ms | deploys took {n} minutes and failed about one"
        " run in five | on-call was getting paged {n} times a week | every change needed three"
        " teams to review it | nobody trusted the test suite any more | a single noisy customer"
        " could slow everyone down | the code had no clear owner after a reorg | a vendor"
        " end-of-life date was {weeks} weeks away | costs were growing faster than traffic"
        " | new joiners needed a month before their first real change | a retry storm took"
        " down {n} services in one afternoon | the nightly batch overran into business hours"
        " | half the alerts were ignored because they never meant anything"
    ),
    results=p(
        "p95 latency dropped from {big} ms to {small} ms | deploys now take {m} minutes"
        " instead of {n} | pages to on-call fell by {pct}% | we deleted about {big} lines of"
        " code nobody understood | the test suite runs in {m} minutes and has not flaked in"
        " weeks | infrastructure cost went down {pct}% while traffic grew | new joiners now"
        " ship a change in their first week | incidents on this path went from {n} a quarter"
        " to {m} | error rates fell by {pct}% | three teams now release on their own schedule"
    ),
    goals=p(
        "cut the time from merge to production in half | keep the service up through a zone"
        " outage | get the critical paths under real test coverage | halve the cloud bill"
        " without slowing anything down | retire the last of the"
        " legacy cron jobs | give every team self-service deploys | stop losing events at"
        " peak traffic | make on-call boring again | move to the new platform without downtime"
    ),
    approaches=p(
        "added contract tests at the service boundaries | moved the slow work behind a queue"
        " | split the worst module of the monolith into two services | rolled the change out"
        " behind a feature flag, one percent at a time | wrote runbooks for the five alerts"
        " that fire most | replaced a pile of hand-written scripts with a single pipeline"
        " | profiled the hot path before touching anything | paired with the owning team for"
        " two sprints"
    ),
    audiences=p(
        "engineers new to the platform | the on-call rotation | backend teams | anyone"
        " shipping to production | the mobile teams | new joiners in engineering"
    ),
    asks=p(
        "roll back a bad deploy safely | find out why a request is slow | structure a service"
        " that several teams touch | test code that calls an external API | migrate without a"
        " maintenance window | get a change reviewed faster | keep a long-lived branch in sync"
        " | choose between a queue and a direct call | split a service without breaking its"
        " clients | make a flaky test trustworthy again | run a database migration on a busy"
        " table | set a sensible alert threshold"
    ),
    advice=p(
        "keep the change small enough to revert in one click | measure first, then change one"
        " thing at a time | put a timeout on every network call, shorter than you think"
        " | write the test that reproduces the bug before the fix | make the failure visible on"
        " a dashboard before you fix it | let the owning team review the interface, not every"
        " line | prefer boring technology for the parts that page people | flag the new path"
        " and compare both for a week | delete the code path nobody uses before optimising"
        " the one everybody does | write the runbook while the incident is still fresh | add"
        " the metric first and argue about the fix later | ship the migration in small"
        " batches you can pause"
    ),
)

DATA = Domain(
    things=p(
        "the revenue dashboard | the churn model | our event tracking plan | the nightly"
        " warehouse load | the experimentation platform | the attribution model | the demand"
        " forecast | the customer 360 table | the data catalog | the recommendation model"
        " | the weekly business review deck | the fraud scoring pipeline"
    ),
    problems=p(
        "three dashboards gave three different revenue numbers | the nightly load finished"
        " after people had opened their reports | the model had quietly drifted for months"
        " | analysts spent most of their week on ad-hoc pulls | nobody knew which tables were"
        " safe to use | experiments were called early and often wrong | the forecast missed by"
        " {pct}% two quarters in a row | a schema change upstream broke {n} reports overnight"
        " | tracking had {n} different spellings of the same signup event | queries on the raw"
        " tables took {n} minutes"
    ),
    results=p(
        "the numbers now match finance to the cent | the warehouse load lands {pct}% earlier"
        " | forecast error fell from {n}% to {m}% | ad-hoc requests dropped by {pct}%"
        " | precision rose by {m} points | {n} reports now read from one tested table"
        " | experiments now run to a planned sample size | query time fell from {n} minutes to"
        " seconds | the team retired {n} duplicate dashboards | the model retrains every week"
        " without anyone watching"
    ),
    goals=p(
        "give the company one definition of an active customer | make the forecast good"
        " enough to plan hiring on | let product teams answer their own questions | catch data"
        " problems before the dashboards do | ship the model into the checkout flow | halve the"
        " time from question to answer | move reporting off spreadsheets | put experiment"
        " results in front of every team"
    ),
    approaches=p(
        "rebuilt the core tables as tested models | added freshness and volume checks on every"
        " source | wrote down the metric definitions and got finance to sign them | replaced"
        " hand-tuned rules with a simple model first | backfilled two years of history before"
        " switching over | ran the old and new pipelines side by side for a month | built a"
        " small semantic layer over the raw events | paired each analyst with a product team"
        " for a quarter"
    ),
    audiences=p(
        "analysts | product managers who write their own SQL | the finance team | data"
        " scientists | anyone who builds dashboards | people new to the warehouse"
    ),
    asks=p(
        "choose the right metric for an experiment | join events to accounts without double"
        " counting | explain a model to the people who will use it | tell whether a drop in a"
        " chart is real | model slowly changing dimensions | size an experiment | make a"
        " dashboard people actually open | deal with missing data"
    ),
    advice=p(
        "agree on the definition before you write the query | plot the raw data before you"
        " trust any summary | fix the sample size before you start, not when it looks good"
        " | start with the simplest model that could work and beat it honestly | test your"
        " tables like code: freshness, uniqueness, row counts | show the uncertainty, not just"
        " the point estimate | write the question at the top of the notebook | check the joins"
        " first, since most wrong numbers come from a fan-out"
    ),
)

PRODUCT = Domain(
    things=p(
        "the onboarding flow | the pricing page | the admin console | the self-serve upgrade"
        " path | the mobile home screen | the quarterly roadmap | the design system | the"
        " settings area | the launch checklist | the customer feedback backlog | the release"
        " plan for the new editor | the permissions model"
    ),
    problems=p(
        "half of new sign-ups never finished setup | the roadmap had {n} top priorities"
        " | customers could not find the feature they were paying for | every team had its own"
        " button styles | launches slipped by {weeks} weeks on average | tickets about"
        " permissions doubled in a quarter | we had lots of feature requests and no idea which"
        " mattered | engineering learned about deadlines from the sales team | the backlog had"
        " grown past {big} items | stakeholders kept reopening decisions we thought were made"
    ),
    results=p(
        "setup completion rose by {pct}% | the roadmap now fits on one page with {m} bets"
        " | tickets about this area fell by {pct}% | {n} teams now build from the same"
        " components | we launched on the date we announced, for once | the backlog is down to"
        " {n} items we actually intend to do | self-serve upgrades grew {pct}% | usability"
        " scores went up in every task we tested | decisions now stay made because we log the"
        " reason | time from idea to first prototype dropped to {m} days"
    ),
    goals=p(
        "get new customers to their first success in one session | decide what not to build"
        " this half | make the product feel like one product | ship the redesign without"
        " breaking anyone's habits | turn customer interviews into decisions | give every"
        " launch a clear owner and checklist | bring support's top complaints into the roadmap"
        " | replace guesswork with a few good experiments"
    ),
    approaches=p(
        "interviewed {n} customers before writing a single ticket | prototyped three options"
        " and tested them with real users | wrote a one-page brief for every bet and dropped"
        " the ones without a clear problem | moved every team onto shared components over"
        " {weeks} weeks | ran a weekly risk review with engineering and design | mapped the"
        " journey end to end with support and sales in the room | scored the backlog against"
        " two goals and archived the rest | shipped a thin slice first and watched how people"
        " used it"
    ),
    audiences=p(
        "product managers | designers | new PMs | engineering leads | anyone running a launch"
        " | program managers"
    ),
    asks=p(
        "say no to a senior stakeholder | run a customer interview without leading the"
        " witness | write a brief engineers enjoy reading | prioritize when everything is"
        " urgent | get design feedback that is actually useful | plan a launch across five"
        " teams | keep a roadmap honest | test an idea before building it"
    ),
    advice=p(
        "start from the problem and one customer you can name | write down what would make"
        " you stop, before you start | show the prototype to five people before fifty | make"
        " the trade-off explicit and let the owner decide | keep one list of decisions and the"
        " reason for each | cut scope, not quality, when the date is fixed | ask what they did"
        " last time, not what they would do | share the rough version early, because nobody"
        " critiques polish"
    ),
)
