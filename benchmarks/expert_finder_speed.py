"""Benchmark: the expert finder's index build time, peak memory and query latency.

For each size, a fresh process generates the sample organization (no database), builds the
finder's in-memory index from its profiles and evidence, and answers 100 needs written from
the taxonomy (twice, the first pass warming up). With `--semantic-sizes`, the same with
sentence embeddings beside BM25 (the `semantic` extra): embedding every text (what the first
build does once; later builds read stored vectors), then the queries, each embedding the need.
Figures go to docs/benchmarks.md.

    .venv/bin/python benchmarks/expert_finder_speed.py --sizes 10000 100000 1000000 \
        --semantic-sizes 10000 --write
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

people, semantic = int(sys.argv[1]), sys.argv[2] == "semantic"
taxonomy = starter_taxonomy()
claims, evidence = [], []
for batch in generate_organization(people=people, seed=1, taxonomy=taxonomy):
    endorsed = Counter((e.endorsee_id, e.skill_key) for e in batch.endorsements)
    claims += [SkillClaim(r.person_id, r.skill_key, int(r.level), r.source.value,
                          endorsed[(r.person_id, r.skill_key)]) for r in batch.person_skills]
    evidence += [EvidenceText(e.id, e.title, e.body, e.credited_person_ids) for e in batch.evidence]
embed_s = None
meaning = None
if semantic:
    from peoplefirst.ranking.org import evidence_words
    from peoplefirst.ranking.semantic import Embedder, SemanticEvidence
    embedder = Embedder()
    embedder.embed(["warm up"])
    started = time.perf_counter()
    vectors = embedder.embed([evidence_words(e) for e in evidence])
    embed_s = time.perf_counter() - started
    meaning = SemanticEvidence(embedder, {e.id: v for e, v in zip(evidence, vectors)})
started = time.perf_counter()
index = OrgExpertIndex([SkillEntry(s.key, s.name, s.aliases, s.parent_key) for s in taxonomy], claims, evidence,
                       semantic=meaning)
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
                  "claims": len(claims), "evidence": len(evidence), "embed_s": embed_s,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--semantic-sizes", type=int, nargs="*", default=[])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = [
        "| people | finder | profile claims | evidence texts | embedding every text | index build | query p50 | query p95 | slowest | peak memory (RSS) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    runs = [(size, "lexical") for size in args.sizes]
    runs += [(size, "semantic") for size in args.semantic_sizes]
    for size, finder in runs:
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, str(size), finder],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        embed = (
            f"{r['embed_s']:.0f} s ({r['evidence'] / r['embed_s']:.0f} texts/s)"
            if r["embed_s"]
            else "—"
        )
        rows.append(
            f"| {size:,} | {finder} | {r['claims']:,} | {r['evidence']:,} | {embed} | {r['build_s']:.1f} s | "
            f"{r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['max_ms']:.1f} ms | {r['peak_mib']:,.0f} MiB |"
        )
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    section = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}; finder (skills + evidence by BM25; `semantic` rows add sentence "
            "embeddings), "
            "pure index, warm, 100 needs, top 10. Command: "
            f"`.venv/bin/python benchmarks/expert_finder_speed.py --sizes {' '.join(map(str, args.sizes))}"
            + (
                f" --semantic-sizes {' '.join(map(str, args.semantic_sizes))}"
                if args.semantic_sizes
                else ""
            )
            + " --write` (semantic rows: with the extra installed). "
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
