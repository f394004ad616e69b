"""The admin CLI through typer's CliRunner, against real databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peoplefirst.cli.main import app

runner = CliRunner()
HEADER = "employee_id,name,email,title,job_family,level,hire_date,department,manager_employee_id,location,time_zone,languages\n"
ORG = (
    HEADER
    + "E2,Alan Turing,alan@example.com,Director,Engineering,7,2018-05-01,Tech,E1,London,Europe/London,en\n"
    + "E1,Ada Lovelace,ada@example.com,CEO,Leadership,8,2015-02-02,,,London,Europe/London,en|fr\n"
)


@pytest.fixture
def env(empty_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    return empty_db_url


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["db", "upgrade"],
        ["db", "downgrade"],
        ["sample-org"],
        ["import", "people"],
        ["import", "taxonomy"],
        ["export", "people"],
        ["serve"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_db_upgrade(env: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_import_then_export_people(env: str, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(ORG)
    result = runner.invoke(app, ["import", "people", str(source)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged, 0 skipped" in result.output
    again = runner.invoke(app, ["import", "people", str(source)])
    assert "0 created, 0 updated, 2 unchanged" in again.output
    exported = runner.invoke(app, ["export", "people"])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.splitlines()[0] == HEADER.strip()
    assert (
        "E1,Ada Lovelace,ada@example.com,CEO,Leadership,8,2015-02-02,,,London,Europe/London,en|fr"
        in exported.stdout
    )


def test_a_bad_file_is_rejected_with_row_and_field(env: str, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(ORG + "E3,Bad,bad-email,,,,,,,,,\n")
    result = runner.invoke(app, ["import", "people", str(source)])
    assert result.exit_code == 1
    assert "row 4 (E3), email: 'bad-email' is not an email address" in result.output
    assert "nothing was changed" in result.output
    assert "Traceback" not in result.output
    exported = runner.invoke(app, ["export", "people"])
    assert exported.stdout.strip() == HEADER.strip()
    skipped = runner.invoke(app, ["import", "people", str(source), "--skip-bad-rows"])
    assert skipped.exit_code == 0, skipped.output
    assert "2 created" in skipped.output and "1 skipped" in skipped.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "people", "/nonexistent/people.csv"], "does not exist"),
        (["export", "people", "--format", "xml"], "--format: must be csv or json"),
        (["sample-org", "--people", "0"], "people: must be between 1 and 1,000,000"),
        (["sample-org", "--people", "5", "--seed", "-1"], "seed: must be 0 or more"),
    ],
)
def test_bad_arguments_get_clear_errors(env: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_wrong_format_from_the_file_name(env: str, tmp_path: Path) -> None:
    source = tmp_path / "people.xlsx"
    source.write_text("x")
    result = runner.invoke(app, ["import", "people", str(source)])
    assert result.exit_code == 1
    assert "name it .csv or .json" in result.output


def test_taxonomy_import(env: str, tmp_path: Path) -> None:
    source = tmp_path / "skills.csv"
    source.write_text("id,name,aliases,parent\nlang,Languages,,\npy,Python,py3,lang\n")
    result = runner.invoke(app, ["import", "taxonomy", str(source)])
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output


def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEOPLEFIRST_ENVIRONMENT", "staging")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "PEOPLEFIRST_ENVIRONMENT" in result.output
