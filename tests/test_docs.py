"""Documentation is tested: every setting, CLI command and API error is written down."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import typer.main

from peoplefirst.cli.main import app
from peoplefirst.domain import errors
from peoplefirst.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: click.Command, prefix: str = "peoplefirst") -> list[str]:
    found = []
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):  # a group (typer's groups are not click.Group)
            found.extend(_commands(command, f"{prefix} {name}"))
        else:
            found.append(f"{prefix} {name}")
    return found


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    assert f"PEOPLEFIRST_{field.upper()}" in (ROOT / "docs" / "settings.md").read_text()


COMMANDS = _commands(typer.main.get_group(app))


def test_commands_are_found() -> None:
    assert "peoplefirst db upgrade" in COMMANDS and "peoplefirst import people" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in (ROOT / "README.md").read_text()


def _error_classes() -> list[type[errors.PeopleFirstError]]:
    found, stack = [], [errors.PeopleFirstError]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.__subclasses__())
    return found


@pytest.mark.parametrize("error", _error_classes(), ids=lambda e: e.__name__)
def test_every_api_error_is_documented(error: type[errors.PeopleFirstError]) -> None:
    api = (ROOT / "docs" / "api.md").read_text()
    assert error.title in api and f"| {error.status} |" in api


def test_readme_names_both_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/demo" in readme and "./scripts/test" in readme
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()
