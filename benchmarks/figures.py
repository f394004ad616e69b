"""Writing a benchmark's figures into its own section of docs/benchmarks.md, and the
throwaway databases benchmarks run on."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(name: str, heading: str, lines: list[str]) -> str:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->`, or append it
    under `heading`; returns the section."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = "\n".join([start, *lines, end])
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n" + section + "\n"
    DOC.write_text(text)
    return section


class throwaway_database:
    """A throwaway database: a SQLite file, or a fresh PostgreSQL database dropped after."""

    def __init__(self, backend: str, postgres_url: str) -> None:
        self.backend, self.postgres_url = backend, postgres_url

    def __enter__(self) -> str:
        if self.backend == "sqlite":
            self.folder = tempfile.TemporaryDirectory()
            return f"sqlite:///{Path(self.folder.name) / 'bench.db'}"
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.name = f"pf_bench_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(self.postgres_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return (
            make_url(self.postgres_url)
            .set(database=self.name)
            .render_as_string(hide_password=False)
        )

    def __exit__(self, *_: object) -> None:
        if self.backend == "sqlite":
            self.folder.cleanup()
            return
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def measure_in_fresh_databases(
    script: str, sizes: list[int], postgres_url: str
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """Run `script` (python -c, argv: database url, size) in a fresh process on a throwaway
    database per size and backend (PostgreSQL unless `postgres_url` is empty); yields
    (size, backend, the JSON object its last line prints)."""
    for size in sizes:
        for backend in ("sqlite", "postgresql") if postgres_url else ("sqlite",):
            with throwaway_database(backend, postgres_url) as url:
                out = subprocess.run(
                    [sys.executable, "-c", script, url, str(size)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            yield size, backend, json.loads(out.strip().splitlines()[-1])
