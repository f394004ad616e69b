"""Benchmark: expert-finding quality on public data and on the sample organization.

Runs every method of `peoplefirst eval expert-finding` on the DBLP development set (beside
the reference figures published with it) and on a sample organization exported with
`peoplefirst eval export-sample`, and writes the tables into docs/benchmarks.md.

    .venv/bin/python benchmarks/expert_finding.py --write
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from figures import write_section
from peoplefirst.domain.taxonomy import starter_taxonomy
from peoplefirst.evaluation.dataset import read_dataset
from peoplefirst.evaluation.expert_finding import MethodResult, evaluate_methods
from peoplefirst.evaluation.org_finder import evaluate_org_finder
from peoplefirst.evaluation.sample_dataset import sample_dataset, write_dataset

ROOT = Path(__file__).resolve().parent.parent
DBLP = ROOT.parent / "shared" / "datasets" / "expert-finding-dblp"

# Published with the dataset (shared/datasets/README.md), on the same development half.
REFERENCES = [
    ("TF-IDF voting (the benchmark's baseline)", "0.289", "0.351", "0.586"),
    ("BM25 voting", "0.285", "0.340", "0.601"),
    ("semantic voting (all-MiniLM-L6-v2)", "0.342", "", ""),
]


def _rows(results: list[MethodResult], extra: str = "") -> list[str]:
    rows = []
    for r in results:
        s = r.scores
        hidden = f" {s['hidden@10']:.2f} |" if extra else ""
        rows.append(
            f"| {r.method} (ours) | {s['MAP']:.3f} | {s['P@5']:.3f} | {s['P@10']:.3f} | "
            f"{s['MRR']:.3f} | {s['nDCG@10']:.3f} |{hidden}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DBLP)
    parser.add_argument("--sample-people", type=int, default=2000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    dblp = evaluate_methods(read_dataset(args.dataset))
    dblp_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        data, hidden = sample_dataset(
            people=args.sample_people, seed=1, taxonomy=starter_taxonomy()
        )
        write_dataset(data, Path(tmp), hidden)
        sample = evaluate_methods(read_dataset(Path(tmp)))
    org = evaluate_org_finder(people=args.sample_people, seed=1, taxonomy=starter_taxonomy())

    lines = [
        f"Measured {time.strftime('%Y-%m-%d')}. Command: `.venv/bin/python benchmarks/expert_finding.py --write` "
        f"(the same figures as `peoplefirst eval expert-finding --dataset ../shared/datasets/expert-finding-dblp`; "
        f"all {len(dblp)} methods took {dblp_s:.1f} s together, on CPU). The `semantic` rows need the "
        "extra: `.venv/bin/pip install torch==2.13.0 -e '.[semantic]'`; without it they are left out.",
        "",
        f"**DBLP development half** ({len(read_dataset(args.dataset).queries)} queries, 199 candidates):",
        "",
        "| method | MAP | P@5 | P@10 | MRR | nDCG@10 |",
        "|---|---|---|---|---|---|",
        *[f"| {name} (published) | {m} | {p5} | | {mrr} | |" for name, m, p5, mrr in REFERENCES],
        *_rows(dblp),
        "",
        "The goal was MAP at least 20% above the baseline (0.289 → 0.35). `semantic` reaches it by a wide "
        "margin (0.427, +48%); the best lexical method, `bm25-combsum`, comes close (0.343, +19%). Fusing the "
        "two does not beat `semantic` alone here: relevance in this set comes from seven coarse topic labels, "
        "where shared exact words add noise; in an organization, needs that name tools and acronyms favour "
        "the lexical side, so `semantic-fused` stays measured. Our reproduction of the published semantic "
        "voting gives 0.364 (0.361–0.364 across input lengths and corpus variants), not 0.342, and our BM25 "
        "voting 0.294 rather than 0.285: the rows are comparable, not identical.",
        "",
        f"**Sample organization** ({args.sample_people:,} people, seed 1, {len(data.queries)} needs about one "
        "skill each; relevant = true level Advanced or Expert, hidden experts included; documents = "
        "evidence texts only, so people who wrote nothing cannot be found by these methods):",
        "",
        "| method | MAP | P@5 | P@10 | MRR | nDCG@10 | hidden experts in top 10 |",
        "|---|---|---|---|---|---|---|",
        *_rows(sample, extra="hidden"),
        *_rows(org, extra="hidden"),
        "",
        "The `org-*` rows are the app's finder (`/find`, `peoplefirst find`), which also reads profiles: "
        "`org-skills` ranks by the skills a need names (level, source, endorsements), `org-evidence` by the "
        "texts people wrote, `org-fused` (the default) sums both, each scaled to its best. On this synthetic "
        "organization the truth *is* the profile levels except for the hidden experts, so `org-skills` "
        "scores high by construction yet never finds a hidden expert; the evidence signal is what surfaces "
        "them (10 of 10 in the top 10). Down-weighting evidence to 0.5 raises MAP to 0.524 but loses every "
        "hidden expert, so the default keeps equal weights. `org-fused-semantic` is the same finder with the "
        "semantic extra installed (`PEOPLEFIRST_SEMANTIC_SEARCH=auto`): each text's sentence-embedding margin "
        "above the corpus mean is added beside its BM25 share, with equal weight. It gains a little here "
        "(synthetic texts from templates are the lexical side's home ground) and a lot on real prose "
        "(`semantic-fused` vs `bm25-combsum` on DBLP above). Weighing the semantic side 0.25 / 0.5 / 1 / 2 "
        "gave MAP 0.421 / 0.422 / 0.429 / 0.428 and hidden experts in the top 10 1.00 / 0.89 / 0.89 / 0.89 "
        "(`evaluate_org_finder(..., semantic_weights=...)`); the default is 1, the best MAP; the cost is "
        "one hidden expert who drops out of the relevance top 10.",
    ]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section("expert-finding", "Expert finding: quality", section.splitlines())


if __name__ == "__main__":
    main()
