"""A realistic sample organization of any size, generated as a stream of record batches.

Pure and deterministic: the same (people, seed) always yields the same records. Used for
the demo, tests and benchmarks; the storage loader writes the batches in order.
"""

from peoplefirst.sample_org.generator import REFERENCE_DATE, OrgBatch, generate_organization
from peoplefirst.sample_org.hidden import hidden_expert_ids, hidden_experts

__all__ = [
    "REFERENCE_DATE",
    "OrgBatch",
    "generate_organization",
    "hidden_expert_ids",
    "hidden_experts",
]
