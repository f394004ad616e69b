"""Queries about departments: the tree, head counts, a department's page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import DepartmentNotFound
from peoplefirst.domain.hierarchy import chain_upwards
from peoplefirst.domain.views import DepartmentRef, DepartmentSummary
from peoplefirst.storage import tables as t


@dataclass(slots=True)
class DepartmentTree:
    """Every department in memory: even a million-person organization has only thousands."""

    departments: dict[int, t.Department] = field(default_factory=dict)
    parent_of: dict[int, int | None] = field(default_factory=dict)
    children_of: dict[int | None, list[int]] = field(default_factory=dict)

    def get(self, department_id: int) -> t.Department:
        try:
            return self.departments[department_id]
        except KeyError:
            raise DepartmentNotFound(f"no department has id {department_id}") from None

    def descendants(self, department_id: int) -> list[int]:
        """`department_id` and every department below it."""
        found, stack = [], [department_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children_of.get(current, []))
        return found

    def path(self, department_id: int) -> list[DepartmentRef]:
        """Root first, ending with `department_id`."""
        ids = [*reversed(chain_upwards(department_id, self.parent_of)), department_id]
        return [DepartmentRef(i, self.departments[i].name) for i in ids]

    def path_name(self, department_id: int) -> str:
        return " > ".join(d.name for d in self.path(department_id))


def department_tree(session: Session) -> DepartmentTree:
    tree = DepartmentTree()
    for d in session.scalars(select(t.Department).order_by(t.Department.name)):
        tree.departments[d.id] = d
        tree.parent_of[d.id] = d.parent_id
        tree.children_of.setdefault(d.parent_id, []).append(d.id)
    return tree


def department_summaries(session: Session, tree: DepartmentTree) -> dict[int, DepartmentSummary]:
    """Every department with its direct and total (subtree) head count."""
    direct = dict(
        session.execute(
            select(t.Person.department_id, func.count())
            .where(t.Person.department_id.is_not(None))
            .group_by(t.Person.department_id)
        ).all()
    )
    totals: dict[int, int] = {}

    def total(department_id: int) -> int:
        # iterative post-order: department trees can be deep at a million people
        stack = [(department_id, False)]
        while stack:
            node, expanded = stack.pop()
            if node in totals:
                continue
            children = tree.children_of.get(node, [])
            if expanded:
                totals[node] = direct.get(node, 0) + sum(totals[c] for c in children)
            else:
                stack.append((node, True))
                stack.extend((c, False) for c in children)
        return totals[department_id]

    return {
        d.id: DepartmentSummary(d.id, d.name, d.parent_id, direct.get(d.id, 0), total(d.id))
        for d in tree.departments.values()
    }


def ensure_department_path(session: Session, tree: DepartmentTree, names: list[str]) -> int:
    """The id of the department at path `names` (root first), creating what is missing."""
    parent_id: int | None = None
    for name in names:
        existing = next(
            (c for c in tree.children_of.get(parent_id, []) if tree.departments[c].name == name),
            None,
        )
        if existing is None:
            department = t.Department(name=name, parent_id=parent_id)
            session.add(department)
            session.flush()
            tree.departments[department.id] = department
            tree.parent_of[department.id] = parent_id
            tree.children_of.setdefault(parent_id, []).append(department.id)
            existing = department.id
        parent_id = existing
    assert parent_id is not None
    return parent_id
