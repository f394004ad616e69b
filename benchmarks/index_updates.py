"""Benchmark: how fast an edit reaches the expert finder, and searches through the whole stack.

For each size and database, a sample organization is loaded into a fresh database; then, in
the same process, as the web app does:

- *full build*: the first `ExpertIndexCache.current()` (reads every claim and text, indexes);
- *apply one edit*: a person changes a skill level or adds a text through `services.profile`
  (committed), then the next `current()` applies that note — 40 edits, median and p95;
- *apply 100 edits*: 100 edits committed, then one `current()` applies them all;
- *search*: `services.experts.find_experts` with balancing, filters off — index, database reads
  for availability, capacity and the reasons — 100 needs, median and p95.

An edit becomes searchable within `PEOPLEFIRST_EXPERT_INDEX_RECHECK_SECONDS` (2 s) plus the
apply time. Figures replace their section of docs/benchmarks.md.

    .venv/bin/python benchmarks/index_updates.py --sizes 10000 100000 --write
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from figures import measure_in_fresh_databases, write_section

MEASURE = r"""
import json, random, statistics, sys, time
from sqlalchemy import select
from peoplefirst.domain.policy import Viewer
from peoplefirst.services import profile
from peoplefirst.services.experts import ExpertIndexCache, find_experts
from peoplefirst.services.organization import create_sample_organization, upgrade_database
from peoplefirst.services.profile import EvidenceDraft
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work

url, people = sys.argv[1], int(sys.argv[2])
engine = make_engine(url)
upgrade_database(engine=engine)
create_sample_organization(engine=engine, people=people, seed=1)
factory = make_session_factory(engine)
with factory() as s:
    person_ids = list(s.scalars(select(t.Person.id)))
    skills = list(s.execute(select(t.Skill.id, t.Skill.name).where(t.Skill.parent_id.is_not(None))))
rng = random.Random(5)

def edit(session, n):
    person = rng.choice(person_ids)
    skill_id, name = rng.choice(skills)
    if n % 2:
        profile.set_skill_level(session=session, viewer=Viewer(person), person_id=person,
                                skill_id=skill_id, level=rng.randint(1, 5))
    else:
        profile.add_evidence(session=session, viewer=Viewer(person), draft=EvidenceDraft(
            "answer", f"Notes on {name} number {n}", f"What I learned about {name} this week."))

def p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]

cache = ExpertIndexCache(recheck_seconds=0)
with unit_of_work(factory) as s:
    started = time.perf_counter(); cache.current(s); build = time.perf_counter() - started
applies = []
for n in range(40):
    with unit_of_work(factory) as s:
        edit(s, n)
    with unit_of_work(factory) as s:
        started = time.perf_counter(); cache.current(s); applies.append(time.perf_counter() - started)
with unit_of_work(factory) as s:
    for n in range(100):
        edit(s, n)
with unit_of_work(factory) as s:
    started = time.perf_counter(); cache.current(s); batch = time.perf_counter() - started
assert cache.rebuilds == 1, cache.rebuilds
forms = ["Who can help me with {}?", "I am stuck on {} and need advice", "{} problems in production"]
needs = [rng.choice(forms).format(rng.choice(skills)[1].lower()) for _ in range(100)]
searches = []
for round_ in range(2):
    for need in needs:
        with unit_of_work(factory) as s:
            started = time.perf_counter()
            find_experts(session=s, index=cache.current(s), need=need, limit=10)
            if round_:
                searches.append(time.perf_counter() - started)
print(json.dumps({"build_s": build, "apply_ms": statistics.median(applies) * 1000,
                  "apply_p95_ms": p95(applies) * 1000, "batch_ms": batch * 1000,
                  "search_ms": statistics.median(searches) * 1000,
                  "search_p95_ms": p95(searches) * 1000}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PEOPLEFIRST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="A PostgreSQL server to create a throwaway database on ('' to skip).",
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = [
        "| people | database | full build | apply one edit (p50 / p95) | apply 100 edits | full build ÷ one edit | search through service and database (p50 / p95) |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, backend, r in measure_in_fresh_databases(MEASURE, args.sizes, args.postgres):
        rows.append(
            f"| {size:,} | {backend} | {r['build_s']:.1f} s | {r['apply_ms']:.1f} / {r['apply_p95_ms']:.1f} ms | "
            f"{r['batch_ms']:.0f} ms | {r['build_s'] * 1000 / r['apply_ms']:,.0f}× | "
            f"{r['search_ms']:.1f} / {r['search_p95_ms']:.1f} ms |"
        )
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}. Command: "
            f"`.venv/bin/python benchmarks/index_updates.py --sizes {' '.join(map(str, args.sizes))} --write`. "
            "An edit is searchable within the recheck interval (2 s) plus the apply time.",
            "",
            *rows,
        ]
    )
    print(section)
    if args.write:
        write_section(
            "index-updates", "Expert finding: edits reaching the index", section.splitlines()
        )


if __name__ == "__main__":
    main()
