"""Setting up an organization: the schema, the starter taxonomy, a generated sample."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput, OrganizationNotEmpty
from peoplefirst.domain.taxonomy import starter_taxonomy
from peoplefirst.sample_org import OrgBatch, generate_organization
from peoplefirst.services.sample_help import add_sample_help
from peoplefirst.services.sample_programs import add_sample_programs
from peoplefirst.services.sample_relationships import add_sample_relationships
from peoplefirst.storage import bulk, migrate
from peoplefirst.storage.taxonomy import skill_ids_by_key, upsert_skills

MAX_SAMPLE_PEOPLE = 1_000_000


def upgrade_database(*, engine: Engine) -> None:
    """Apply every migration not yet applied."""
    migrate.upgrade(engine)


def organization_is_empty(*, engine: Engine) -> bool:
    with engine.connect() as conn:
        return bulk.organization_is_empty(conn)


@dataclass(slots=True)
class SampleReport:
    people: int
    rows: dict[str, int]


def create_sample_organization(
    *,
    engine: Engine,
    people: int,
    seed: int,
    replace: bool = False,
    on_batch: Callable[[OrgBatch], None] | None = None,
) -> SampleReport:
    """Generate a realistic organization of `people` people and store it.

    Refuses to mix with an existing organization unless `replace`, which deletes people
    and departments first (the taxonomy stays). Everything happens in one transaction.
    """
    if not 1 <= people <= MAX_SAMPLE_PEOPLE:
        raise InvalidInput("people", f"must be between 1 and {MAX_SAMPLE_PEOPLE:,}, got {people}")
    if seed < 0:
        raise InvalidInput("seed", f"must be 0 or more, got {seed}")
    taxonomy = starter_taxonomy()
    with engine.begin() as conn:
        if not bulk.organization_is_empty(conn):
            if not replace:
                raise OrganizationNotEmpty(
                    "the database already holds people; pass --replace to delete them first"
                )
            bulk.delete_organization(conn)
        with Session(bind=conn) as session:
            upsert_skills(session, taxonomy)
            session.flush()
            skill_ids = skill_ids_by_key(session)

        def batches() -> Iterator[OrgBatch]:
            for batch in generate_organization(people=people, seed=seed, taxonomy=taxonomy):
                if on_batch is not None:
                    on_batch(batch)
                yield batch

        counts = bulk.load_batches(conn, batches(), skill_ids)
        with Session(bind=conn) as session:
            made = add_sample_programs(session=session, seed=seed)
            add_sample_relationships(
                session=session, admin_id=made.admin_id if made else None, seed=seed
            )
            add_sample_help(session=session, seed=seed)
            session.flush()
    return SampleReport(people=counts.counts.get("people", 0), rows=counts.counts)
