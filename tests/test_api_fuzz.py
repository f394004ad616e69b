"""Property-based fuzzing of the API from its own OpenAPI description (Schemathesis).

Whatever a client sends, the API answers with a status and a body its description
documents, and never a 500.
"""

from __future__ import annotations

import os
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from peoplefirst.web.app import create_app
from tests.conftest import settings_for

EXAMPLES_PER_OPERATION = 60
# The same examples on every run, so CI is reproducible; PEOPLEFIRST_FUZZ_EXPLORE=1 draws new ones.
DERANDOMIZE = os.environ.get("PEOPLEFIRST_FUZZ_EXPLORE") != "1"


def test_the_api_keeps_its_promises(sample_db_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for(sample_db_url, tmp_path))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    try:
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=DERANDOMIZE,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case: schemathesis.Case) -> None:
                case.call_and_validate()

            fuzz()
    finally:
        app.state.engine.dispose()
