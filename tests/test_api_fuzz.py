"""Property-based fuzzing of the API from its own OpenAPI description (Schemathesis).

Whatever a client sends, the API answers with a status and a body its description
documents, and never a 500.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from peoplefirst.services import api_tokens
from peoplefirst.storage.db import unit_of_work
from peoplefirst.web.app import create_app
from tests.conftest import settings_for

EXAMPLES_PER_OPERATION = 60
# The same examples on every run, so CI is reproducible; PEOPLEFIRST_FUZZ_EXPLORE=1 draws new ones.
DERANDOMIZE = os.environ.get("PEOPLEFIRST_FUZZ_EXPLORE") != "1"


def test_the_api_keeps_its_promises(sample_db_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for(sample_db_url, tmp_path))

    # As a signed-in person with a token that may change things: a fresh one per operation,
    # since fuzzing may revoke it.
    def bearer() -> dict[str, str]:
        with unit_of_work(app.state.session_factory) as session:
            new = api_tokens.create_token(
                session, person_id=1, name="fuzz", scopes="write", days=1, now=datetime.now(UTC)
            )
        return {"Authorization": f"Bearer {new.secret}"}

    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    try:
        for operation in operations:
            headers = bearer()

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=DERANDOMIZE,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case: schemathesis.Case) -> None:
                # A schema-valid request may still break a business rule (endorsing a skill
                # the person does not list): a 4xx problem there is the right answer.
                # (`headers` is this iteration's: fuzz() runs before the loop moves on.)
                case.call_and_validate(
                    headers=headers,  # noqa: B023
                    excluded_checks=[positive_data_acceptance],
                )

            fuzz()
    finally:
        app.state.engine.dispose()
