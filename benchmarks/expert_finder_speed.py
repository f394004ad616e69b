"""Benchmark: the expert finder's index build time, peak memory and query latency.

For each size, a fresh process generates the sample organization (no database), builds the
finder's in-memory index from its profiles and evidence, and answers 100 needs written from
the taxonomy (twice, the first pass warming up). Figures go to docs/benchmarks.md.

    .venv/bin/python benchmarks/expert_finder_speed.py --sizes 10000 100000 1000000 --write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from figures import write_section

MEASURE = r"""
import json, random, resource, statistics, sys, time
from collections import Counter
from peoplefirst.domain.taxonomy import starter_taxonomy
from peoplefirst.ranking.org import EvidenceText, OrgExpertIndex, SkillClaim, SkillEntry
from peoplefirst.sample_org import generate_organization

people = int(sys.argv[1])
taxonomy = starter_taxonomy()
claims, evidence = [], []
for batch in generate_organization(people=people, seed=1, taxonomy=taxonomy):
    endorsed = Counter((e.endorsee_id, e.skill_key) for e in batch.endorsements)
    claims += [SkillClaim(r.person_id, r.skill_key, int(r.level), r.source.value,
                          endorsed[(r.person_id, r.skill_key)]) for r in batch.person_skills]
    evidence += [EvidenceText(e.id, e.title, e.body, e.credited_person_ids) for e in batch.evidence]
started = time.perf_counter()
index = OrgExpertIndex([SkillEntry(s.key, s.name, s.aliases, s.parent_key) for s in taxonomy], claims, evidence)
build = time.perf_counter() - started
rng = random.Random(7)
forms = ["Who can help me with {}?", "I am stuck on {} and need advice", "looking for someone good at {}",
         "how do I get better at {} quickly", "{} problems in production"]
skills = [s for s in taxonomy if s.parent_key]
needs = [rng.choice(forms).format(rng.choice(skills).name.lower()) for _ in range(100)]
for need in needs:
    index.find(need, limit=10)
times = []
for need in needs:
    t = time.perf_counter(); index.find(need, limit=10); times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"build_s": build, "p50_ms": statistics.median(times) * 1000,
                  "p95_ms": times[int(len(times) * 0.95) - 1] * 1000, "max_ms": times[-1] * 1000,
                  "claims": len(claims), "evidence": len(evidence),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = [
        "| people | profile claims | evidence texts | index build | query p50 | query p95 | slowest | peak memory (RSS) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, str(size)], capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        rows.append(
            f"| {size:,} | {r['claims']:,} | {r['evidence']:,} | {r['build_s']:.1f} s | {r['p50_ms']:.1f} ms | "
            f"{r['p95_ms']:.1f} ms | {r['max_ms']:.1f} ms | {r['peak_mib']:,.0f} MiB |"
        )
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}; lexical finder (skills + evidence), "
            "pure index, warm, 100 needs, top 10. Command: "
            f"`.venv/bin/python benchmarks/expert_finder_speed.py --sizes {' '.join(map(str, args.sizes))} --write`. "
            "Peak memory includes the generated organization held to build the index.",
            "",
            *rows,
        ]
    )
    print(section)
    if args.write:
        write_section("finder-speed", "Expert finding: speed", section.splitlines())


if __name__ == "__main__":
    main()
