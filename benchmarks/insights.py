"""Benchmark: the learning insights at 10k, 100k and 1M people, and the graph libraries
side by side.

Activity comes from `peoplefirst.insights.synthetic` (a year of help, mentoring, coaching
and endorsements; heavy-tailed helpers, four in five ties within the department). Two parts,
each in fresh processes so that peak memory is each one's own:

- **metrics**: every insight on the synthetic activity, wall time (median of `--repeat`
  runs; one run at 1M) and the process's peak resident set while it ran (reset before each
  metric through /proc/self/clear_refs, so it includes the activity already in memory);
- **libraries**: scipy.sparse (ours), networkx, igraph and rustworkx on the same learning
  network (the ties as learner -> guide with their weights): building the graph from the tie
  list, weighted PageRank (damping 0.85, tolerance 1e-10 per person), weakly connected components and
  betweenness from the same 16 sampled sources on the undirected ties; each library gets
  `--limit` seconds per size, and its figures are checked against ours.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/insights.py --write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

from figures import write_section

COMMON = r"""
import json, resource, statistics, sys, time
import numpy as np

def peak_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

def timed(work, repeat):
    reset_peak()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return result, statistics.median(seconds), peak_mib()

def say(name, seconds, peak, **more):
    print(json.dumps({"name": name, "seconds": seconds, "peak": peak, **more}), flush=True)
"""

METRICS = (
    COMMON
    + r"""
from peoplefirst import insights as pf
from peoplefirst.insights.synthetic import synthetic_activity

people, repeat, pivots = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
a, seconds, peak = timed(lambda: synthetic_activity(people, seed=1), 1)
say("synthetic activity", seconds, peak, events=a.events.count)
n, as_of = people, a.as_of
net, seconds, peak = timed(lambda: pf.learning_network(a.events, n, as_of), repeat)
say("learning network", seconds, peak, ties=net.ties)
team = pf.teams(a.people)
steps = [
    ("PageRank", lambda: pf.pagerank(net)),
    ("components", lambda: pf.components(net)),
    ("go-to people, overall", lambda: pf.go_to_people(net, a.events)),
    ("go-to people, every skill", lambda: pf.go_to_by_skill(a.events, n, as_of)),
    ("overloaded guides", lambda: pf.overloaded_guides(a.events, a.capacity, as_of)),
    ("hidden experts", lambda: pf.hidden_experts(a.events, n, as_of, a.evidence)),
    ("rising stars", lambda: pf.rising_stars(a.events, a.people, as_of)),
    (f"brokers ({pivots} sampled sources)", lambda: pf.brokers(net, a.people, pivots=pivots)),
    ("isolated teams", lambda: pf.isolated_groups(net, team)),
    ("connection mix, 4 attributes", lambda: pf.mix_by_attribute(net, a.people, as_of)),
    ("crossing by department", lambda: pf.crossing_by_group(net, a.people.department)),
    ("program health", lambda: pf.program_health(a.matches, as_of)),
    ("requests by skill", lambda: pf.requests_by_skill(a.requests)),
    ("ROI estimate", lambda: pf.roi_estimate(a.events, a.onboarding, as_of)),
]
for name, work in steps:
    result, seconds, peak = timed(work, repeat)
    found = len(result) if isinstance(result, (list, dict)) else None
    say(name, seconds, peak, found=found)
"""
)

EDGES = r"""
import sys
import numpy as np
from peoplefirst import insights as pf
from peoplefirst.insights.synthetic import synthetic_activity

people, folder = int(sys.argv[1]), sys.argv[2]
a = synthetic_activity(people, seed=1)
tie = pf.learning_network(a.events, people, a.as_of).learns_from.tocoo()
np.save(f"{folder}/learner.npy", tie.row.astype(np.int64))
np.save(f"{folder}/guide.npy", tie.col.astype(np.int64))
np.save(f"{folder}/weight.npy", tie.data)
np.save(f"{folder}/sources.npy", np.random.default_rng(7).choice(people, 16, replace=False))
"""

LIBRARY = (
    COMMON
    + r"""
library, folder, people, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
learner = np.load(f"{folder}/learner.npy")
guide = np.load(f"{folder}/guide.npy")
weight = np.load(f"{folder}/weight.npy")
sources = np.load(f"{folder}/sources.npy")
n = people

if library == "scipy.sparse":
    import scipy.sparse as sp
    from peoplefirst import insights as pf
    def build():
        m = sp.csr_matrix((weight, (learner, guide)), shape=(n, n))
        m.sum_duplicates()
        return pf.LearningNetwork(m, 0.0)
    graph, seconds, peak = timed(build, repeat)
    say("build", seconds, peak)
    rank, seconds, peak = timed(lambda: pf.pagerank(graph), repeat)
    say("pagerank", seconds, peak)
    groups, seconds, peak = timed(lambda: len(pf.components(graph).sizes), repeat)
    say("components", seconds, peak, groups=groups)
    score, seconds, peak = timed(lambda: pf.betweenness(graph, sources=sources), 1)
    say("betweenness", seconds, peak)
    np.save(f"{folder}/rank.npy", rank)
    np.save(f"{folder}/score.npy", score)
else:
    ours_rank = np.load(f"{folder}/rank.npy")
    ours_score = np.load(f"{folder}/score.npy")
    def agreement(values):
        values = np.asarray(values, dtype=float)
        top = set(np.argsort(-ours_score)[:100].tolist())
        theirs = set(np.argsort(-values)[:100].tolist())
        return len(top & theirs) / 100
    def rank_difference(values):
        values = np.asarray(values, dtype=float)
        return float(np.abs(values / values.sum() - ours_rank).sum())
    scale = n / len(sources) / ((n - 1) * (n - 2))

if library == "networkx":
    import networkx as nx
    def build():
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(zip(learner.tolist(), guide.tolist(), weight.tolist()))
        return g
    graph, seconds, peak = timed(build, repeat)
    say("build", seconds, peak)
    rank, seconds, peak = timed(lambda: nx.pagerank(graph, alpha=0.85, tol=1e-10), repeat)
    say("pagerank", seconds, peak, check=rank_difference([rank[i] for i in range(n)]))
    groups, seconds, peak = timed(lambda: nx.number_weakly_connected_components(graph), repeat)
    say("components", seconds, peak, groups=groups)
    undirected = graph.to_undirected(as_view=False)
    srcs = sources.tolist()
    found, seconds, peak = timed(
        lambda: nx.betweenness_centrality_subset(undirected, srcs, list(range(n))), 1
    )
    say("betweenness", seconds, peak, check=agreement([found[i] for i in range(n)]))

if library == "igraph":
    import igraph as ig
    def build():
        g = ig.Graph(n=n, edges=np.column_stack([learner, guide]).tolist(), directed=True)
        g.es["weight"] = weight.tolist()
        return g
    graph, seconds, peak = timed(build, repeat)
    say("build", seconds, peak)
    rank, seconds, peak = timed(
        lambda: graph.pagerank(weights="weight", damping=0.85), repeat
    )
    say("pagerank", seconds, peak, check=rank_difference(rank))
    groups, seconds, peak = timed(
        lambda: len(graph.connected_components(mode="weak")), repeat
    )
    say("components", seconds, peak, groups=groups)
    undirected = graph.as_undirected(mode="collapse")
    srcs = sources.tolist()
    found, seconds, peak = timed(
        lambda: undirected.betweenness(directed=False, sources=srcs), 1
    )
    say("betweenness", seconds, peak, check=agreement(found))

if library == "rustworkx":
    import rustworkx as rx
    def build():
        g = rx.PyDiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(learner.tolist(), guide.tolist(), weight.tolist()))
        return g
    graph, seconds, peak = timed(build, repeat)
    say("build", seconds, peak)
    rank, seconds, peak = timed(
        lambda: rx.pagerank(graph, alpha=0.85, weight_fn=float, tol=1e-10), repeat
    )
    say("pagerank", seconds, peak, check=rank_difference([rank[i] for i in range(n)]))
    groups, seconds, peak = timed(
        lambda: len(rx.weakly_connected_components(graph)), repeat
    )
    say("components", seconds, peak, groups=groups)
    undirected = graph.to_undirected(multigraph=False)
    # rustworkx has no betweenness from chosen sources: the exact one, from every person.
    found, seconds, peak = timed(
        lambda: rx.graph_betweenness_centrality(undirected, normalized=True), 1
    )
    say("betweenness (exact, every source)", seconds, peak,
        check=agreement([found[i] for i in range(n)]))
"""
)

LIBRARIES = ("scipy.sparse", "networkx", "igraph", "rustworkx")


def run_lines(args: list[str], limit: float) -> tuple[list[dict[str, object]], str]:
    """Run a script in a fresh process; the JSON lines it printed and how it ended."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", *args], capture_output=True, text=True, timeout=limit
        )
        out, ending = done.stdout, ""
        if done.returncode:
            ending = "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:120]
    except subprocess.TimeoutExpired as stopped:
        raw = stopped.stdout or b""
        out = raw.decode() if isinstance(raw, bytes) else raw
        ending = f"did not finish in {limit:.0f} s"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return lines, ending


def metric_rows(sizes: list[int], repeat: int, pivots: int, limit: float) -> list[str]:
    rows = [
        "| metric | " + " | ".join(f"{n:,} people" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    cells: dict[str, dict[int, str]] = {}
    extra: dict[int, str] = {}
    for n in sizes:
        lines, ending = run_lines([METRICS, str(n), str(repeat if n < 1_000_000 else 1),
                                   str(pivots)], limit)  # fmt: skip
        print(n, lines, ending, flush=True)
        for line in lines:
            cells.setdefault(str(line["name"]), {})[n] = (
                f"{float(line['seconds']):.2f} s, {float(line['peak']):,.0f} MiB"  # type: ignore[arg-type]
            )
            if "events" in line:
                extra[n] = f"{int(line['events']):,} events"  # type: ignore[arg-type]
            if "ties" in line:
                extra[n] += f", {int(line['ties']):,} ties"  # type: ignore[arg-type]
        if ending:
            cells.setdefault("(stopped)", {})[n] = ending
    for name, by_size in cells.items():
        rows.append(f"| {name} | " + " | ".join(by_size.get(n, "") for n in sizes) + " |")
    rows.append("| *activity* | " + " | ".join(extra.get(n, "") for n in sizes) + " |")
    return rows


def library_rows(sizes: list[int], repeat: int, limit: float) -> list[str]:
    rows = [
        "| people | step | " + " | ".join(LIBRARIES) + " |",
        "|---|---|" + "---|" * len(LIBRARIES),
    ]
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, "-c", EDGES, str(n), folder], check=True)
            table: dict[str, dict[str, str]] = {}
            ours: dict[str, float] = {}
            for library in LIBRARIES:
                r = repeat if n < 1_000_000 else 1
                lines, ending = run_lines([LIBRARY, library, folder, str(n), str(r)], limit)
                print(n, library, lines, ending, flush=True)
                for line in lines:
                    step = str(line["name"]).split(" (")[0]
                    seconds = float(line["seconds"])  # type: ignore[arg-type]
                    if library == "scipy.sparse":
                        ours[step] = seconds
                    cell = f"{seconds:.2f} s, {float(line['peak']):,.0f} MiB"  # type: ignore[arg-type]
                    if library != "scipy.sparse" and ours.get(step):
                        cell += f" (x{seconds / ours[step]:.1f})"
                    if "check" in line:
                        cell += _check(step, float(line["check"]))  # type: ignore[arg-type]
                    if "groups" in line:
                        cell += f", {int(line['groups']):,} groups"  # type: ignore[arg-type]
                    if str(line["name"]).endswith("every source)"):
                        cell += ", exact"
                    table.setdefault(step, {})[library] = cell
                if ending:
                    done = {s for s, by in table.items() if library in by}
                    for step in ("build", "pagerank", "components", "betweenness"):
                        if step not in done:
                            table.setdefault(step, {})[library] = ending
                            break
            for step, by_library in table.items():
                rows.append(
                    f"| {n:,} | {step} | "
                    + " | ".join(by_library.get(lib, "") for lib in LIBRARIES)
                    + " |"
                )
    return rows


def _check(step: str, value: float) -> str:
    if step == "pagerank":
        return f", L1 from ours {value:.0e}"
    return f", top 100 shared with ours {value:.0%}"


NOTES = [
    "- Every insight fits in about 1.2 GiB at 1,000,000 people. *Brokers* is the one that "
    "takes minutes there: one breadth-first search over the whole network per sampled "
    "source (`pivots` trades time for precision; 16 sources take a quarter of the time). "
    "The 1,000,000 run shared its 2 cores with other work, so its times are high.",
    "- Times are medians of the runs (one run at 1,000,000 people and for betweenness); "
    "memory is the process's peak resident set during that step, the activity or tie "
    "list already loaded included. (xN) is the time over scipy.sparse's for the same step.",
    "- *Betweenness* is Brandes' algorithm from the same 16 sampled sources on the "
    "undirected ties (networkx `betweenness_centrality_subset`, igraph "
    "`betweenness(sources=...)`); rustworkx has no sampled version, so its row is the "
    "exact one from every source (hence only 58% of its top 100 in a 16-source estimate's). Ours: scipy's breadth-first search for the distances, "
    "then path counts and dependencies summed level by level over the shortest-path "
    "edges with numpy; the production measure (`insights.brokers`) uses 64 sources.",
    "- *L1 from ours*: the L1 distance between the library's PageRank and ours (both sum "
    "to 1); igraph solves PageRank exactly (PRPACK), the others iterate until the L1 "
    "change is below people x 1e-10, which leaves ours about 3e-4 from exact at "
    "1,000,000 people: far below what separates the people a page lists.",
    "- **Choice: scipy.sparse** for the production module (`scipy>=1.11` moves from the test "
    "tools to the dependencies). It builds the network from the tie list 15-130x faster "
    "than igraph and rustworkx and 150-300x faster than networkx, runs PageRank and "
    "components fastest at 100,000 and 1,000,000 people, and its sampled betweenness is "
    "on a par with igraph's C code (within 10% at 1,000,000, faster at 100,000), in less "
    "memory. networkx needs 2-3 GiB and minutes at 1,000,000 people; rustworkx has no "
    "betweenness from chosen sources and its exact one takes a minute at 10,000 people. "
    "None is a measured win that would earn a new dependency.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pivots", type=int, default=64)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per process")
    parser.add_argument("--only", choices=["metrics", "libraries"], default=None)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    started = time.perf_counter()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine}, a shared machine (expect noise). "
        f"Command: `.venv/bin/python benchmarks/insights.py --sizes {args.sizes} "
        f"--repeat {args.repeat} --pivots {args.pivots} --limit {args.limit:.0f} --write` "
        "(after `.venv/bin/pip install -e '.[bench]'`).",
        "",
    ]
    if args.only != "libraries":
        lines += ["**Every insight** (wall time, peak memory):", ""]
        lines += metric_rows(sizes, args.repeat, args.pivots, args.limit * 3)
        lines.append("")
    if args.only != "metrics":
        lines += ["**Graph libraries side by side** on the same learning network:", ""]
        lines += library_rows(sizes, args.repeat, args.limit)
        lines.append("")
    lines += NOTES
    print("\n".join(lines))
    print(f"took {time.perf_counter() - started:.0f} s")
    if args.write:
        write_section("insights", "Learning insights: every metric, and the graph libraries", lines)


if __name__ == "__main__":
    main()
