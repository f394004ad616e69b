"""Parsing HR people files: every bad field is reported with its row and name."""

from __future__ import annotations

import json

import pytest

from peoplefirst.domain.hr_file import parse_people_file

HEADER = "employee_id,name,email,title,job_family,level,hire_date,department,manager_employee_id,location,time_zone,languages\n"
GOOD = "E1,Ada Lovelace,ada@example.com,CTO,Engineering,7,2019-04-01,Tech > Platform,,London,Europe/London,en|fr\n"


def test_a_good_row_parses_every_column() -> None:
    parsed = parse_people_file(HEADER + GOOD, file_format="csv")
    assert parsed.problems == []
    (row,) = parsed.rows
    assert row.row == 2
    assert row.department_path == ("Tech", "Platform")
    assert row.languages == ("en", "fr")
    assert row.level == 7
    assert str(row.hire_date) == "2019-04-01"


@pytest.mark.parametrize(
    ("line", "field", "problem"),
    [
        (",Ada,ada@example.com,,,,,,,,,", "employee_id", "is empty"),
        ("E 1,Ada,ada@example.com,,,,,,,,,", "employee_id", "may hold only"),
        ("E1,,ada@example.com,,,,,,,,,", "name", "is empty"),
        ("E1,Ada,not-an-email,,,,,,,,,", "email", "is not an email address"),
        ("E1,Ada,ada@example.com,,,nine,,,,,,", "level", "is not a whole number"),
        ("E1,Ada,ada@example.com,,,12,,,,,,", "level", "between 1 and 8"),
        ("E1,Ada,ada@example.com,,,,01/04/2019,,,,,", "hire_date", "is not a date"),
        ("E1,Ada,ada@example.com,,,,,Tech > ,,,,", "department", "empty part"),
        ("E1,Ada,ada@example.com,,,,,,E1,,,", "manager_employee_id", "own manager"),
        ("E1,Ada,ada@example.com,,,,,,,,Mars/Olympus,", "time_zone", "IANA time zone"),
        ("E1,Ada,ada@example.com,,,,,,,,,english", "languages", "language code"),
        ("E1,Ada,ada@example.com,Boss\x00,,,,,,,,", "title", "NUL character"),
    ],
)
def test_bad_fields_are_named(line: str, field: str, problem: str) -> None:
    parsed = parse_people_file(HEADER + line + "\n", file_format="csv")
    assert parsed.rows == []
    (found,) = parsed.problems
    assert (found.row, found.field) == (2, field)
    assert problem in found.problem


def test_repeated_employee_ids_and_emails_point_at_the_first_row() -> None:
    text = HEADER + GOOD + GOOD + GOOD.replace("E1,", "E2,")
    parsed = parse_people_file(text, file_format="csv")
    assert [str(p) for p in parsed.problems] == [
        "row 3 (E1), employee_id: repeats row 2",
        "row 4 (E2), email: 'ada@example.com' repeats row 2",
    ]


def test_json_accepts_a_list_or_an_object_and_lists_for_languages() -> None:
    people = [
        {"employee_id": "E1", "name": "Ada", "email": "a@example.com", "languages": ["en", "de"]}
    ]
    for text in (json.dumps(people), json.dumps({"people": people})):
        parsed = parse_people_file(text, file_format="json")
        assert parsed.problems == []
        assert parsed.rows[0].languages == ("en", "de")
        assert parsed.rows[0].row == 1


@pytest.mark.parametrize(
    ("text", "file_format", "problem"),
    [
        ("{not json", "json", "is not valid JSON"),
        ('"just a string"', "json", "JSON array of objects"),
        ("name,email\nAda,a@example.com\n", "csv", "employee_id: column is missing"),
    ],
)
def test_unreadable_files_are_rejected_as_a_whole(
    text: str, file_format: str, problem: str
) -> None:
    parsed = parse_people_file(text, file_format=file_format)  # type: ignore[arg-type]
    assert parsed.rows == []
    assert any(p.row == 0 and problem in str(p) for p in parsed.problems), parsed.problems


def test_unknown_columns_are_ignored_and_reported() -> None:
    parsed = parse_people_file(
        "employee_id,name,email,shoe_size\nE1,Ada,a@example.com,38\n", file_format="csv"
    )
    assert parsed.problems == []
    assert parsed.ignored_columns == ["shoe_size"]
