"""Benchmark: generating and loading sample organizations at 10k / 100k / 1M people.

Each measurement runs in a fresh process so that its peak memory is its own:

- *generate*: stream the whole organization through the generator, storing nothing;
- *generate + load*: `peoplefirst sample-org` into a fresh database (migrations included).

Load time is the difference of the two medians. Results replace the section between the
markers in docs/benchmarks.md.

    .venv/bin/python benchmarks/sample_org.py --sizes 10000 100000 1000000 --write
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from figures import write_section

GENERATE_ONLY = """
import dataclasses, sys
from peoplefirst.domain.taxonomy import starter_taxonomy
from peoplefirst.sample_org import generate_organization
rows = 0
for batch in generate_organization(people=int(sys.argv[1]), seed=1, taxonomy=starter_taxonomy()):
    rows += sum(len(getattr(batch, f.name)) for f in dataclasses.fields(batch))
print(rows)
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float
    output: str


def _run(command: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output.strip())


def _median(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.seconds for r in runs), statistics.median(r.peak_mib for r in runs)


def _pg_database(base_url: str) -> tuple[str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"pf_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(base_url).set(database=name).render_as_string(hide_password=False), name


def _drop_pg(base_url: str, name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(size: int, repeat: int, backends: list[str], pg_url: str) -> list[str]:
    python = sys.executable
    peoplefirst = str(Path(python).parent / "peoplefirst")
    env = dict(os.environ)
    generate = [_run([python, "-c", GENERATE_ONLY, str(size)], env) for _ in range(repeat)]
    gen_s, gen_mib = _median(generate)
    rows = int(generate[0].output.splitlines()[-1])
    lines = [
        f"| {size:,} | generate only | {gen_s:.1f} s | {size / gen_s:,.0f} | {gen_mib:,.0f} MiB | {rows:,} rows |"
    ]
    for backend in backends:
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                name = ""
                if backend == "sqlite":
                    env["PEOPLEFIRST_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
                else:
                    env["PEOPLEFIRST_DATABASE_URL"], name = _pg_database(pg_url)
                try:
                    run = _run(
                        [peoplefirst, "sample-org", "--people", str(size), "--seed", "1"], env
                    )
                    if backend == "sqlite":
                        size_mib = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
                        run.output += f"\nsize {size_mib:.0f}"
                    runs.append(run)
                finally:
                    if name:
                        _drop_pg(pg_url, name)
        total_s, total_mib = _median(runs)
        extra = ""
        if backend == "sqlite":
            extra = f"database file {statistics.median(float(r.output.rsplit('size ', 1)[1]) for r in runs):,.0f} MiB"
        lines.append(
            f"| {size:,} | generate + load ({backend}) | {total_s:.1f} s | {size / total_s:,.0f} | "
            f"{total_mib:,.0f} MiB | load ≈ {max(total_s - gen_s, 0):.1f} s; {extra} |"
        )
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per figure (1M always runs once)"
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PEOPLEFIRST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--write", action="store_true", help="write the table into docs/benchmarks.md"
    )
    args = parser.parse_args()
    table = [
        "| people | what | wall time (median) | people/s | peak memory (RSS) | notes |",
        "|---|---|---|---|---|---|",
    ]
    for size in args.sizes:
        table += measure(
            size, 1 if size >= 1_000_000 else args.repeat, args.backends, args.postgres_url
        )
        print("\n".join(table[-1 - len(args.backends) :]), flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d')} on {machine} (a shared machine: expect noise).",
            "",
            f"Command: `.venv/bin/python benchmarks/sample_org.py --sizes {' '.join(map(str, args.sizes))} "
            f"--repeat {args.repeat} --backends {' '.join(args.backends)} --write`",
            "",
            *table,
        ]
    )
    print(section)
    if args.write:
        write_section(
            "sample-org", "Sample organization: generation and load", section.splitlines()
        )


if __name__ == "__main__":
    main()
