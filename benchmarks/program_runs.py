"""Benchmark: a program matched through the whole stack, on SQLite and PostgreSQL.

For each size and database a sample organization is loaded into a fresh database, and a
mentoring program enrolls everyone with an open learning goal as a learner and everyone
who offers mentoring as a guide (3 seats each, within their one budget). Then, as the web
app does it:

- *finder index*: building the expert finder's index (the app keeps it in memory);
- *reading the program*: `program_instance` — enrollments, directory facts, manager chains,
  skills with endorsements, budgets, and goal skills inferred from written work;
- *run, end to end*: `run_match` — reading, the engine (candidates, flow, gap bound,
  explanations, report) and storing the draft run with every pair's reasons;
- *the run page's data*: `view_run`;
- *publish*: every pair proposed, each drawing on its guide's budget;
- *a decline*: one learner declines and is re-matched.

Figures replace their section of docs/benchmarks.md.

    .venv/bin/python benchmarks/program_runs.py --sizes 20000 100000 --write
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from figures import measure_in_fresh_databases, write_section

MEASURE = r"""
import json, sys, time
from datetime import UTC, datetime
from sqlalchemy import select
from peoplefirst.domain.policy import Viewer
from peoplefirst.services import program_runs, programs
from peoplefirst.services.experts import build_index
from peoplefirst.services.organization import create_sample_organization, upgrade_database
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work

url, people = sys.argv[1], int(sys.argv[2])
engine = make_engine(url)
upgrade_database(engine=engine)
create_sample_organization(engine=engine, people=people, seed=1)
factory = make_session_factory(engine)
now = datetime.now(UTC)
rules = {"version": 1, "hard": {"role": "mentor", "reporting_line": "outside",
         "shared_language": True, "level_gap": [1, 4]}}
with unit_of_work(factory) as s:
    admin = s.scalar(select(t.Person.id).order_by(t.Person.id).limit(1))
    program = programs.create_program(
        session=s, viewer=Viewer(admin), rules=rules, now=now,
        settings=programs.ProgramSettings(name="Mentoring for everyone", kind="mentoring"))
    learners = sorted(set(s.scalars(select(t.LearningGoal.person_id).where(
        t.LearningGoal.status == "open", t.LearningGoal.skill_id.is_not(None)))))
    guides = sorted(set(s.scalars(select(t.GuideOffer.person_id).where(t.GuideOffer.role == "mentor"))))
    s.add_all(t.ProgramEnrollment(program_id=program, person_id=p, side="learner", capacity=0,
                                  stage="", enrolled_at=now) for p in learners)
    s.add_all(t.ProgramEnrollment(program_id=program, person_id=p, side="guide", capacity=3,
                                  stage="", enrolled_at=now) for p in guides)
times = {}
with unit_of_work(factory) as s:
    started = time.perf_counter(); index = build_index(session=s)
    times["index_s"] = time.perf_counter() - started
    started = time.perf_counter()
    built = program_runs.program_instance(s, s.get(t.Program, program), now.date(), index=index)
    times["read_s"] = time.perf_counter() - started
with unit_of_work(factory) as s:
    started = time.perf_counter()
    run = program_runs.run_match(session=s, viewer=Viewer(admin), program_id=program, index=index, now=now)
    times["run_s"] = time.perf_counter() - started
    times["engine_s"] = run.figures["seconds"]["total"]
with unit_of_work(factory) as s:
    started = time.perf_counter(); program_runs.view_run(session=s, viewer=Viewer(admin), run_id=run.id)
    times["view_s"] = time.perf_counter() - started
with unit_of_work(factory) as s:
    started = time.perf_counter()
    report = program_runs.publish_run(session=s, viewer=Viewer(admin), run_id=run.id, now=now)
    times["publish_s"] = time.perf_counter() - started
with unit_of_work(factory) as s:
    learner = run.pairs[0].learner.id
    match = next(m for m in program_runs.my_matches(session=s, viewer=Viewer(learner)))
    started = time.perf_counter()
    program_runs.answer_match(session=s, viewer=Viewer(learner), match_id=match.id, accept=False,
                              reason="timing", index=index, now=now)
    times["decline_s"] = time.perf_counter() - started
print(json.dumps({**times, "learners": len(built.instance.learners), "guides": len(guides),
                  "seats": run.figures["seats"], "matched": run.figures["matched"],
                  "pairs": run.figures["candidate_pairs"], "proposed": report.proposed}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
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
        "| people | database | learners × guides (seats) | matched | finder index | reading the program | run, end to end | of which the engine | run page data | publish | a decline, re-matched |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, backend, r in measure_in_fresh_databases(MEASURE, args.sizes, args.postgres):
        rows.append(
            f"| {size:,} | {backend} | {r['learners']:,} × {r['guides']:,} ({r['seats']:,}) | "
            f"{r['matched']:,} | {r['index_s']:.1f} s | {r['read_s']:.2f} s | "
            f"{r['run_s']:.2f} s | {r['engine_s']:.2f} s | {r['view_s']:.2f} s | "
            f"{r['publish_s']:.2f} s ({r['proposed']:,} pairs) | {r['decline_s'] * 1000:.0f} ms |"
        )
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}, a shared machine (expect noise). "
            f"Command: `.venv/bin/python benchmarks/program_runs.py --sizes "
            f"{' '.join(map(str, args.sizes))} --write`. A mentoring program enrolls everyone "
            "with an open learning goal and everyone who offers mentoring (3 seats each, within "
            "their budget); rules: mentor role, outside the reporting line, a shared language, "
            "1-4 levels more senior. *Run, end to end* is `run_match`: reading the program, the "
            "engine and storing the draft with every reason.",
            "",
            *rows,
        ]
    )
    print(section)
    if args.write:
        write_section(
            "program-runs", "Programs: a run through the whole stack", section.splitlines()
        )


if __name__ == "__main__":
    main()
