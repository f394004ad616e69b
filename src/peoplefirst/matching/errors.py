"""The one error the matching engine raises for bad input; it names the field."""

from __future__ import annotations

from peoplefirst.domain.errors import InvalidInput


class InstanceError(InvalidInput, ValueError):
    """A matching instance or its rules are wrong: `field` is the path of the value
    (``learners[3].level``, ``rules.hard.level_gap``) and `problem` says what is wrong."""
