"""Typed reads from parsed JSON that fail with the path of the offending value."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from peoplefirst.matching.errors import InstanceError

JsonObject = Mapping[str, object]


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def as_object(value: object, path: str) -> JsonObject:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InstanceError(path or "(top)", f"must be an object, got {_kind(value)}")
    return value


def as_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise InstanceError(path, f"must be a list, got {_kind(value)}")
    return value


def only_keys(obj: JsonObject, allowed: Iterable[str], path: str) -> None:
    known = set(allowed)
    for key in obj:
        if key not in known:
            raise InstanceError(
                join(path, key), f"unknown field; known: {', '.join(sorted(known))}"
            )


def text(obj: JsonObject, key: str, path: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if value is None:
        raise InstanceError(join(path, key), "is required")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numeric person ids are fine
    if not isinstance(value, str):
        raise InstanceError(join(path, key), f"must be text, got {_kind(value)}")
    return value


def ident(value: object, path: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(path, f"must be a non-empty id, got {_kind(value)}")
    return value


def whole(obj: JsonObject, key: str, path: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if value is None:
        raise InstanceError(join(path, key), "is required")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(join(path, key), f"must be a whole number, got {_kind(value)}")
    return value


def number(obj: JsonObject, key: str, path: str, default: float | None = None) -> float:
    value = obj.get(key, default)
    if value is None:
        raise InstanceError(join(path, key), "is required")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(join(path, key), f"must be a number, got {_kind(value)}")
    if not math.isfinite(value):
        raise InstanceError(join(path, key), "must be a finite number")
    return float(value)


def flag(obj: JsonObject, key: str, path: str, default: bool) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        raise InstanceError(join(path, key), f"must be true or false, got {_kind(value)}")
    return value


def ids(obj: JsonObject, key: str, path: str) -> tuple[str, ...]:
    items = as_list(obj.get(key, []), join(path, key))
    return tuple(ident(item, join(join(path, key), i)) for i, item in enumerate(items))


def texts(obj: JsonObject, key: str, path: str) -> tuple[str, ...]:
    items = as_list(obj.get(key, []), join(path, key))
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InstanceError(join(join(path, key), i), f"must be text, got {_kind(item)}")
        found.append(item)
    return tuple(found)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
