"""Trees and chains: manager hierarchies and department trees, checked for cycles."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycle(parent_of: Mapping[K, K | None]) -> list[K] | None:
    """Return one cycle in a parent map (as the keys along it), or None when it is a forest.

    Runs in linear time; parents missing from the map count as roots.
    """
    state: dict[K, int] = {}  # 1 = on the current path, 2 = known to reach a root
    for start in parent_of:
        if state.get(start) == 2:
            continue
        path: list[K] = []
        node: K | None = start
        while node is not None and node in parent_of and state.get(node) != 2:
            if state.get(node) == 1:
                return path[path.index(node) :]
            state[node] = 1
            path.append(node)
            node = parent_of[node]
        for visited in path:
            state[visited] = 2
    return None


def chain_upwards(start: K, parent_of: Mapping[K, K | None], *, limit: int = 64) -> list[K]:
    """The keys above `start`, nearest first (a manager chain, a department path)."""
    chain: list[K] = []
    seen = {start}
    node = parent_of.get(start)
    while node is not None and node not in seen and len(chain) < limit:
        chain.append(node)
        seen.add(node)
        node = parent_of.get(node)
    return chain
