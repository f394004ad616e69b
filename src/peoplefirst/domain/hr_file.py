"""HR people files (CSV or JSON): parsing and row-by-row validation, before any database.

The columns are documented in the README; `PEOPLE_COLUMNS` is their order in exports.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from peoplefirst.domain.errors import RowProblem
from peoplefirst.domain.vocabulary import SENIORITY_BANDS

FileFormat = Literal["csv", "json"]

PEOPLE_COLUMNS = (
    "employee_id",
    "name",
    "email",
    "title",
    "job_family",
    "level",
    "hire_date",
    "department",
    "manager_employee_id",
    "location",
    "time_zone",
    "languages",
)
REQUIRED_COLUMNS = ("employee_id", "name", "email")
DEPARTMENT_SEPARATOR = ">"
LIST_SEPARATOR = "|"
DEFAULT_LEVEL = 3

_EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One valid row of a people file; `row` is where it came from, for messages."""

    row: int
    employee_id: str
    name: str
    email: str
    title: str
    job_family: str
    level: int
    hire_date: date | None
    department_path: tuple[str, ...]
    manager_employee_id: str | None
    location: str
    time_zone: str
    languages: tuple[str, ...]


@dataclass(slots=True)
class ParsedPeopleFile:
    rows: list[PersonRow]
    problems: list[RowProblem]
    ignored_columns: list[str]


def detect_format(filename: str) -> FileFormat:
    lowered = filename.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".csv", ".txt")):
        return "csv"
    raise ValueError(f"cannot tell the format of '{filename}': name it .csv or .json")


def parse_people_file(text: str, *, file_format: FileFormat) -> ParsedPeopleFile:
    """Every row of the file, checked field by field; bad rows become problems."""
    try:
        raw_rows, columns = _read(text, file_format)
    except ValueError as error:
        return ParsedPeopleFile([], [RowProblem(0, "file", str(error))], [])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return ParsedPeopleFile(
            [], [RowProblem(0, c, "column is missing from the file") for c in missing], []
        )
    rows: list[PersonRow] = []
    problems: list[RowProblem] = []
    first_seen: dict[str, int] = {}
    emails: dict[str, int] = {}
    for number, raw in raw_rows:
        parsed = _parse_row(number, raw, problems)
        if parsed is None:
            continue
        if parsed.employee_id in first_seen:
            problems.append(
                RowProblem(
                    number,
                    "employee_id",
                    f"repeats row {first_seen[parsed.employee_id]}",
                    parsed.employee_id,
                )
            )
            continue
        if parsed.email.lower() in emails:
            problems.append(
                RowProblem(
                    number,
                    "email",
                    f"'{parsed.email}' repeats row {emails[parsed.email.lower()]}",
                    parsed.employee_id,
                )
            )
            continue
        first_seen[parsed.employee_id] = number
        emails[parsed.email.lower()] = number
        rows.append(parsed)
    ignored = [c for c in columns if c not in PEOPLE_COLUMNS]
    return ParsedPeopleFile(rows, problems, ignored)


def _read(text: str, file_format: FileFormat) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    if file_format == "csv":
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        # The header is line 1, so the first person is row 2, as a spreadsheet shows it.
        return [(n, row) for n, row in enumerate(reader, start=2)], columns
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"is not valid JSON ({error.msg} at line {error.lineno})") from None
    if isinstance(data, dict) and isinstance(data.get("people"), list):
        data = data["people"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError('must be a JSON array of objects, or {"people": [...]}')
    columns = list(dict.fromkeys(k for r in data for k in r))
    return [(n, r) for n, r in enumerate(data, start=1)], columns


def _text(raw: dict[str, Any], column: str) -> str:
    value = raw.get(column)
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value).strip()


def _parse_row(number: int, raw: dict[str, Any], problems: list[RowProblem]) -> PersonRow | None:
    before = len(problems)
    employee_id = _text(raw, "employee_id")

    def bad(field: str, problem: str) -> None:
        problems.append(RowProblem(number, field, problem, employee_id))

    for column in PEOPLE_COLUMNS:
        if "\x00" in _text(raw, column):
            bad(column, "contains a NUL character")

    if not employee_id:
        bad("employee_id", "is empty")
    elif not _EMPLOYEE_ID.match(employee_id):
        bad(
            "employee_id", f"'{employee_id}' may hold only letters, digits and . _ - / (64 at most)"
        )
    name = _text(raw, "name")
    if not name:
        bad("name", "is empty")
    elif len(name) > 200:
        bad("name", "is over 200 characters")
    email = _text(raw, "email")
    if not email:
        bad("email", "is empty")
    elif not _EMAIL.match(email) or len(email) > 320:
        bad("email", f"'{email}' is not an email address")
    level = DEFAULT_LEVEL
    level_text = _text(raw, "level")
    if level_text:
        try:
            level = int(level_text)
        except ValueError:
            bad("level", f"'{level_text}' is not a whole number")
        else:
            if level not in SENIORITY_BANDS:
                bad("level", f"must be between 1 and {max(SENIORITY_BANDS)}, got {level}")
    hire_date = None
    hire_text = _text(raw, "hire_date")
    if hire_text:
        try:
            hire_date = date.fromisoformat(hire_text)
        except ValueError:
            bad("hire_date", f"'{hire_text}' is not a date like 2021-03-15")
    department_text = _text(raw, "department")
    department_path = tuple(p.strip() for p in department_text.split(DEPARTMENT_SEPARATOR))
    if not department_text:
        department_path = ()
    elif any(not p for p in department_path):
        bad("department", f"'{department_text}' has an empty part between '>'")
    manager = _text(raw, "manager_employee_id") or None
    if manager is not None and manager == employee_id:
        bad("manager_employee_id", "a person cannot be their own manager")
    time_zone = _text(raw, "time_zone") or "UTC"
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        bad("time_zone", f"'{time_zone}' is not an IANA time zone such as Europe/Paris")
    languages = tuple(
        dict.fromkeys(
            code.strip().lower()
            for code in re.split(r"[|;,]", _text(raw, "languages"))
            if code.strip()
        )
    )
    for code in languages:
        if not _LANGUAGE.match(code):
            bad("languages", f"'{code}' is not a language code such as en or pt-BR")
    for column, limit in (("title", 200), ("job_family", 100), ("location", 200)):
        if len(_text(raw, column)) > limit:
            bad(column, f"is over {limit} characters")
    if len(problems) > before:
        return None
    return PersonRow(
        row=number,
        employee_id=employee_id,
        name=name,
        email=email,
        title=_text(raw, "title"),
        job_family=_text(raw, "job_family"),
        level=level,
        hire_date=hire_date,
        department_path=department_path,
        manager_employee_id=manager,
        location=_text(raw, "location"),
        time_zone=time_zone,
        languages=languages,
    )


def write_people_file(people: list[dict[str, Any]], *, file_format: FileFormat) -> str:
    """The export: the same columns an import reads, so a file round-trips."""
    if file_format == "json":
        return json.dumps({"people": people}, indent=2, ensure_ascii=False, default=str) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PEOPLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for person in people:
        writer.writerow(
            {
                **person,
                "languages": LIST_SEPARATOR.join(person["languages"]),
                "hire_date": person["hire_date"] or "",
                "manager_employee_id": person["manager_employee_id"] or "",
            }
        )
    return out.getvalue()
