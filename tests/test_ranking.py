"""The expert-search core on a tiny hand-made dataset where the right answers are obvious."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peoplefirst.cli.main import app
from peoplefirst.evaluation.dataset import DatasetError, read_dataset
from peoplefirst.evaluation.expert_finding import default_methods, evaluate_methods
from peoplefirst.evaluation.metrics import (
    average_precision,
    ndcg_at,
    precision_at,
    reciprocal_rank,
)
from peoplefirst.ranking.bm25 import BM25Index
from peoplefirst.ranking.experts import Document, ExpertIndex, Method
from peoplefirst.ranking.org import (
    EvidenceSnippet,
    ExpertMatch,
    MatchedSkill,
    give_hidden_experts_a_place,
    is_hidden_expert,
)
from peoplefirst.ranking.text import stem, terms

TINY = Path(__file__).parent / "data" / "tiny-expert-finding"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("queries", "query"),
        ("replicas", "replica"),
        ("negotiating", "negotiat"),
        ("planned", "plann"),
        ("k8s", "k8s"),
        ("analysis", "analysis"),
    ],
)
def test_stemming_folds_inflections(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_terms_drop_stop_words_and_keep_technical_tokens() -> None:
    assert terms("The C++ and C# of it, on Node.js") == ["c++", "c#", "node.js"]


def test_bm25_prefers_rarer_terms_and_follows_updates() -> None:
    index: BM25Index[str] = BM25Index()
    index.add("a", ["python", "data", "data"])
    index.add("b", ["data", "report"])
    index.add("c", ["report", "sales"])
    assert [d for d, _ in index.top(["python", "data"], 3)] == ["a", "b"]
    index.add("b", ["python", "python", "python"])  # replaced, not added twice
    assert index.top(["python"], 1)[0][0] == "b"
    index.remove("b")
    assert [d for d, _ in index.top(["python"], 3)] == ["a"]
    assert len(index) == 2


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("slow postgres queries and replication lag", "ana"),
        ("how do I negotiate a renewal with procurement", "cleo"),
        ("forecasting pipeline coverage in spreadsheets", "eve"),
    ],
)
def test_every_method_finds_the_obvious_expert(method: Method, need: str, expected: str) -> None:
    index = ExpertIndex(read_dataset(TINY).documents)
    assert index.rank(need, method)[0].person == expected


def test_ranking_can_be_restricted_and_unknown_words_find_no_one() -> None:
    index = ExpertIndex(
        [Document("d1", "postgres tuning", ("ana",)), Document("d2", "postgres", ("ben",))]
    )
    assert [r.person for r in index.rank("postgres", Method.COMBSUM, people=["ben"])] == ["ben"]
    assert index.rank("zebra husbandry", Method.FUSED) == []


@pytest.mark.parametrize(
    ("ranking", "relevant", "ap", "p5", "rr", "ndcg"),
    [
        (["a", "b", "c"], {"a"}, 1.0, 0.2, 1.0, 1.0),
        (["b", "a", "c"], {"a"}, 0.5, 0.2, 0.5, 0.6309),
        (["b", "c", "a"], {"a", "c"}, (1 / 2 + 2 / 3) / 2, 0.4, 0.5, 0.6934),
        (["b", "c"], {"z"}, 0.0, 0.0, 0.0, 0.0),
    ],
)
def test_metrics(
    ranking: list[str], relevant: set[str], ap: float, p5: float, rr: float, ndcg: float
) -> None:
    assert average_precision(ranking, relevant) == pytest.approx(ap)
    assert precision_at(ranking, relevant, 5) == pytest.approx(p5)
    assert reciprocal_rank(ranking, relevant) == pytest.approx(rr)
    assert ndcg_at(ranking, relevant, 10) == pytest.approx(ndcg, abs=1e-4)


def test_evaluation_on_the_tiny_dataset_is_perfect_for_the_default_method() -> None:
    (result,) = evaluate_methods(read_dataset(TINY), [Method.COMBSUM.value])
    assert result.queries == 3
    assert result.scores["MRR"] == 1.0
    assert result.scores["MAP"] == 1.0


def test_eval_command_prints_a_map_line_per_method() -> None:
    result = CliRunner().invoke(app, ["eval", "expert-finding", "--dataset", str(TINY)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if " MAP " in line]
    assert [line.split()[0] for line in lines] == default_methods()
    assert all("queries 3" in line for line in lines)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"documents.jsonl": "{not json\n"}, "documents.jsonl, line 1: not JSON"),
        (
            {"documents.jsonl": '{"text": "x"}\n'},
            'documents.jsonl, line 1: expected an object with an "id"',
        ),
        ({"qrels.txt": "q1 ana 1\n"}, "qrels.txt, line 1: expected 'query 0 person relevance'"),
        ({"qrels.txt": "q1 0 ana yes\n"}, "qrels.txt, line 1: relevance 'yes' is not a number"),
    ],
)
def test_bad_datasets_name_the_file_and_line(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for source in TINY.iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(DatasetError, match=message):
        read_dataset(tmp_path)
    result = CliRunner().invoke(app, ["eval", "expert-finding", "--dataset", str(tmp_path)])
    assert result.exit_code == 1 and message in result.output


def test_eval_refuses_an_unknown_method() -> None:
    result = CliRunner().invoke(
        app, ["eval", "expert-finding", "--dataset", str(TINY), "--method", "magic"]
    )
    assert result.exit_code == 1
    assert "--method: unknown magic" in result.output


def test_the_sample_organization_exports_as_a_dataset_with_its_hidden_experts(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "export-sample",
            "--people",
            "400",
            "--seed",
            "3",
            "--queries",
            "20",
            "--dataset",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    data = read_dataset(tmp_path)
    assert len(data.people) == 400 and len(data.queries) == 20
    assert data.hidden_experts, "400 people hold at least one hidden expert"
    for person, skill in data.hidden_experts.items():
        if f"q-{skill}" in data.relevant:
            assert person in data.relevant[f"q-{skill}"]
    assert all(len(found) >= 3 for found in data.relevant.values())
    evaluated = CliRunner().invoke(app, ["eval", "expert-finding", "--dataset", str(tmp_path)])
    assert evaluated.exit_code == 0, evaluated.output
    assert "hidden@10" in evaluated.output


def test_the_org_finder_needs_evidence_to_surface_hidden_experts() -> None:
    from peoplefirst.domain.taxonomy import starter_taxonomy
    from peoplefirst.evaluation.org_finder import evaluate_org_finder

    results = {
        r.method: r.scores
        for r in evaluate_org_finder(people=400, seed=3, taxonomy=starter_taxonomy(), queries=20)
    }
    assert set(results) == {"org-skills", "org-evidence", "org-fused"}
    assert results["org-skills"]["hidden@10"] == 0.0  # their profiles do not say it
    assert results["org-fused"]["hidden@10"] == 1.0
    assert results["org-fused"]["MAP"] > results["org-evidence"]["MAP"]


@pytest.mark.parametrize(("half_life", "first"), [(365.0, 2), (0.0, 1)])
def test_old_evidence_fades_with_its_half_life(half_life: float, first: int) -> None:
    from datetime import date

    from peoplefirst.ranking.org import EvidenceText, OrgExpertIndex

    texts = [
        EvidenceText(
            1, "Terraform modules", "How we structure terraform modules", (1,), date(2019, 5, 1)
        ),
        EvidenceText(
            2, "Terraform modules", "How we structure terraform modules", (2,), date(2026, 10, 1)
        ),
    ]
    index = OrgExpertIndex([], [], texts, half_life_days=half_life, today=date(2026, 11, 24))
    ranked = index.find("terraform modules")
    assert ranked[0].person == first
    if half_life:
        assert ranked[1].score < 0.1 * ranked[0].score  # seven and a half years: 7.5 halvings


def _match(person: int, score: float, *, source: str = "", endorsements: int = 0) -> ExpertMatch:
    skills = [MatchedSkill("k8s", "Kubernetes", 4, source, endorsements)] if source else []
    return ExpertMatch(person, score, skills, [EvidenceSnippet(person, "A text", "…")])


# Ten matches, best first; who is hidden varies. `asked`: open commitments per person.
@pytest.mark.parametrize(
    ("recognised", "asked", "limit", "expected", "hidden"),
    [
        # everyone is recognised: the order stays
        (set(range(1, 11)), {}, 5, [1, 2, 3, 4, 5], []),
        # 7 is hidden and strong enough: third place
        (set(range(1, 11)) - {7}, {}, 5, [1, 2, 7, 3, 4], [7]),
        # 10 is hidden but below half the best score: not promoted
        (set(range(1, 11)) - {10}, {}, 5, [1, 2, 3, 4, 5], []),
        # 7 is asked already: not hidden
        (set(range(1, 11)) - {7}, {7: 1}, 5, [1, 2, 3, 4, 5], []),
        # a hidden expert already on the page: marked, nobody else promoted
        (set(range(1, 11)) - {2, 7}, {}, 5, [1, 2, 3, 4, 5], [2]),
        # too short a page to give a place away
        (set(range(1, 11)) - {7}, {}, 2, [1, 2], []),
    ],
)
def test_a_strong_hidden_expert_gets_a_place(
    recognised: set[int], asked: dict[int, int], limit: int, expected: list[int], hidden: list[int]
) -> None:
    matches = [
        _match(p, 1.0 - 0.07 * (p - 1), source="endorsed" if p in recognised else "self")
        for p in range(1, 11)
    ]
    shown = give_hidden_experts_a_place(matches, asked, limit)
    assert [m.person for m in shown] == expected
    assert [m.person for m in shown if m.hidden_expert] == hidden


def test_a_self_declared_skill_with_an_endorsement_is_recognised() -> None:
    assert not is_hidden_expert(_match(1, 1.0, source="self", endorsements=1), {})
    assert is_hidden_expert(_match(1, 1.0, source="self"), {})
    assert is_hidden_expert(_match(1, 1.0), {})  # evidence alone
    assert not is_hidden_expert(ExpertMatch(1, 1.0), {})  # nothing shows it
