"""Shortlist candidates for instances too large to score every feasible pair.

The exact paths in `candidates` score each learner against every feasible guide: about
5 ns a pair, so 1,000,000 learners x 200,000 guides would take some 20 minutes. Here each
learner is scored only against a shortlist:

- for each of its goal skills, `PER_SKILL` guides of its learner group (learners who share
  level, time zone and stage, hence the same feasible columns and shared terms) who cover
  that skill: the best half (ties: the better shared terms first) for everyone, and a
  window of the next best that turns from learner to learner, so that thousands of
  learners with the same goal do not all compete for the same few guides;
- the `BY_FIT` guides of its group with the best shared terms (time zone, level gap,
  stage), so learners without goals, or with rare ones, still get candidates;
- every guide with whom a stated preference links it.

The pairs on the shortlist are scored exactly like everywhere else (`scoring`) and the top
k kept. What pruning may have lost stays proven: a guide on none of the learner's lists
covers each goal skill at most as well as the best guide past that skill's head, and
has shared terms at most those of the best guide left off the fit list; add the largest
department, place and tenure terms and that ceiling bounds every unscored pair. The
learner's `next_best` is the larger of it and the best scored pair not kept, so the
optimality-gap bound (`bounds`) stays valid.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from peoplefirst.matching import scoring
from peoplefirst.matching.encoding import (
    TENURE_SPAN,
    Bools,
    Encoding,
    Floats,
    Ints,
    contains,
    languages_shared,
    overlap_hours,
)

PER_SKILL = 96  # guides per (learner group, goal skill) a learner is scored against: the
# best half for everyone with the goal, and a window of the rest of the best LONG that turns
# from learner to learner
LONG = 1_000
BY_FIT = 48  # guides per learner group by the terms its members share
SLACK = 12  # extra pairs selected per learner before excluded pairs are dropped
CHUNK_PAIRS = 1 << 22  # shortlist pairs scored at once


def learner_groups(enc: Encoding, learners: Ints) -> Ints:
    """Group number of each learner: learners who agree on every input the hard rules and
    shared terms read row-wise (level, time zone; stage when it is weighed)."""
    L, rules = enc.learners, enc.rules
    columns: list[Ints] = []
    if rules.hard.level_gap is not None or rules.weight("level_gap") > 0:
        columns.append(L.level[learners])
    if rules.hard.min_overlap_hours > 0 or rules.weight("time_zone") > 0:
        columns.append(np.round(L.utc_offset[learners] * 60).astype(np.int64))
    if rules.weight("same_stage") > 0:
        columns.append(L.stage[learners])
    if not columns or not len(learners):
        return np.zeros(len(learners), dtype=np.int64)
    _, group = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    return np.asarray(group.ravel(), dtype=np.int64)


def group_columns(
    enc: Encoding, rep: int, columns_of: Bools | None = None
) -> tuple[Ints, NDArray[np.float32]]:
    """Guides every learner like `rep` may be matched with by the row-wise hard rules, and
    the score terms they get from what those learners share (`shared_terms`)."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    hard = rules.hard
    mask = G.ok.copy() if columns_of is None else G.ok & columns_of
    if hard.level_gap is not None:
        gap = G.level - L.level[rep]
        mask &= (gap >= hard.level_gap[0]) & (gap <= hard.level_gap[1])
    if hard.min_overlap_hours > 0:
        hours = overlap_hours(L.utc_offset[rep], G.utc_offset, rules.workday_hours)
        mask &= hours >= hard.min_overlap_hours - 1e-9
    cols = np.flatnonzero(mask)
    return cols, shared_terms(enc, np.array(rep), cols).astype(np.float32)


def shared_terms(enc: Encoding, li: Ints, gi: Ints) -> Floats:
    """The score terms a pair gets from inputs learners of one group share: time-zone
    overlap, level gap and same stage (`li` and `gi` broadcast)."""
    L, G, rules = enc.learners, enc.guides, enc.rules
    hours = overlap_hours(L.utc_offset[li], G.utc_offset[gi], rules.workday_hours)
    terms = rules.weight("time_zone") * hours / rules.workday_hours
    gap = (G.level[gi] - L.level[li]).astype(np.float64)
    terms = terms + rules.weight("level_gap") * scoring.level_gap_value(gap, rules.ideal_level_gap)
    same = (G.stage[gi] == L.stage[li]) & (L.stage[li] >= 0)
    return np.asarray(terms + rules.weight("same_stage") * same, dtype=np.float64)


class _Lists:
    """Per learner group: the fit list, and a list per goal skill its learners hold."""

    def __init__(
        self, enc: Encoding, learners: Ints, group: Ints, columns_of: Bools | None
    ) -> None:
        n_groups = int(group.max()) + 1 if len(group) else 0
        # (group, goal skill) pairs in use, each given a row of `skill_lists`
        starts = enc.goal_ptr[learners]
        owner, at = scoring.expand(starts, enc.goal_ptr[learners + 1] - starts)
        n_skills = max(len(enc.goal_skills), 1)
        used = np.unique(group[owner] * n_skills + enc.goal_skill[at])
        self.n_skills = n_skills
        self.used = used
        # the best `long` guides of each list, best first
        self.head, self.long = PER_SKILL // 2, max(LONG, PER_SKILL)
        self.skill_lists = np.full((len(used), self.long), -1, dtype=np.int32)
        self.skill_len = np.zeros(len(used), dtype=np.int64)
        self.skill_cut = np.zeros(len(used), dtype=np.float32)  # best strength past the head
        self.fit_lists = np.full((n_groups, BY_FIT), -1, dtype=np.int64)
        self.fit_cut = np.full(n_groups, -np.inf)  # best shared terms left off
        self.feasible = np.zeros(len(learners), dtype=np.int64)  # aligned with `learners`
        # guides alike in every input the shared terms read, and those terms per group
        G = enc.guides
        alike = np.stack([np.round(G.utc_offset * 60).astype(np.int64), G.level, G.stage], axis=1)
        _, first_of, kind = np.unique(alike, axis=0, return_index=True, return_inverse=True)
        self.guide_kind = kind.ravel()
        reps = np.zeros(n_groups, dtype=np.int64)
        reps[group] = learners
        self.shared = shared_terms(enc, reps[:, None], first_of[None, :]).astype(np.float32)
        # language sets as codes, and which codes share a language
        both = np.concatenate([enc.learners.languages, G.languages])
        sets, code = np.unique(both, axis=0, return_inverse=True)
        code = code.ravel()
        self.learner_tongue, self.guide_tongue = code[: enc.n_learners], code[enc.n_learners :]
        self.speak = languages_shared(sets[:, None, :], sets[None, :, :])
        self.guide_codes = {"cross_department": G.department, "cross_location": G.location}
        self.guide_tenure = (G.tenure * (enc.rules.weight("tenure_gap") / TENURE_SPAN)).astype(
            np.float32
        )
        covering = [np.flatnonzero(enc.strength[s] > 0) for s in range(len(enc.goal_skills))]
        by_group = np.argsort(group, kind="stable")
        members = np.split(by_group, np.flatnonzero(np.diff(group[by_group])) + 1)
        shared = np.zeros(enc.n_guides, dtype=np.float32)
        allowed = np.zeros(enc.n_guides, dtype=np.bool_)
        row = 0
        for g, mine in enumerate(members):
            cols, const = group_columns(enc, int(learners[mine[0]]), columns_of)
            self.feasible[mine] = _speak_with(enc, learners[mine], cols)
            allowed[:] = False
            allowed[cols] = True
            shared[cols] = const
            part, self.fit_cut[g] = _best(const, BY_FIT)
            self.fit_lists[g, : len(part)] = cols[part]
            while row < len(used) and used[row] // n_skills == g:
                s = int(used[row] % n_skills)
                near = covering[s][allowed[covering[s]]]
                strength = enc.strength[s, near]
                # strength first; among equals, the better shared terms
                key = strength.astype(np.float64) * 1e3 + shared[near]
                top, _ = _best(key, self.long)
                top = top[np.argsort(-key[top], kind="stable")]
                self.skill_lists[row, : len(top)] = near[top]
                self.skill_len[row] = len(top)
                if len(near) > PER_SKILL:  # some see part of the rest: its best bounds them
                    strength[top[: self.head]] = 0
                    self.skill_cut[row] = strength.max()
                row += 1
        self.feasible -= _excluded_feasible(enc, learners)

    def skill_row(self, group: Ints, skill: Ints) -> Ints:
        return np.searchsorted(self.used, group * self.n_skills + skill)

    def skill_slots(self, row: Ints, learner: Ints) -> Ints:
        """Each learner's guides from list `row`: its head, then a window of the rest that
        turns with the learner, so that learners with the same goal see different guides
        past the best and demand spreads (-1 pads; a guide seen twice is dropped later)."""
        head, tail = self.head, PER_SKILL - self.head
        rest = np.maximum(self.skill_len[row] - head, 1)
        turn = (learner * tail) % rest
        at = head + (turn[:, None] + np.arange(tail)) % rest[:, None]
        at = np.concatenate([np.broadcast_to(np.arange(head), (len(row), head)), at], axis=1)
        return np.take(self.skill_lists, row[:, None] * self.long + at).astype(np.int64)


def _best(key: NDArray[np.floating], n: int) -> tuple[Ints, float]:
    """Positions of the n largest keys, and the largest key left out (-inf when none is)."""
    if len(key) <= n:
        return np.arange(len(key), dtype=np.int64), float("-inf")
    part = np.argpartition(-key, n)
    return part[:n], float(key[part[n:]].max())


def _speak_with(enc: Encoding, rows: Ints, cols: Ints) -> Ints:
    """How many of `cols` each learner shares a language with (all of them when the rules
    do not ask for one)."""
    if not enc.rules.hard.shared_language:
        return np.full(len(rows), len(cols), dtype=np.int64)
    spoken, per_guide = np.unique(enc.guides.languages[cols], axis=0, return_counts=True)
    asked, which = np.unique(enc.learners.languages[rows], axis=0, return_inverse=True)
    fits = languages_shared(asked[:, None, :], spoken[None, :, :]).astype(np.int64)
    return np.asarray(fits @ per_guide)[which.ravel()]


def _excluded_feasible(enc: Encoding, learners: Ints) -> Ints:
    """For each of `learners`, how many excluded pairs every other hard rule would allow
    (they were counted as feasible by group and language)."""
    m = enc.n_guides
    li, gi = enc.excluded // m, enc.excluded % m
    position = np.full(enc.n_learners, -1, dtype=np.int64)
    position[learners] = np.arange(len(learners))
    mine = position[li] >= 0
    li, gi = li[mine], gi[mine]
    ok = scoring.feasible(replace(enc, excluded=np.zeros(0, dtype=np.int64)), li, gi)
    return np.bincount(position[li[ok]], minlength=len(learners))


def generate_shortlists(
    enc: Encoding, active: Bools, k: int, columns_of: Bools | None = None
) -> tuple[list[tuple[Ints, Ints, Ints, Floats]], Floats, Ints]:
    """Each active learner's top k shortlisted pairs (with guides among `columns_of`, if
    given), as pieces (learner, rank, guide, score); every learner's `next_best` ceiling
    on the pairs left out; and how many guides each learner could be matched with."""
    L, rules = enc.learners, enc.rules
    n = enc.n_learners
    next_best = np.full(n, -np.inf)
    feasible = np.zeros(n, dtype=np.int64)
    learners = np.flatnonzero(active & L.ok)
    pieces: list[tuple[Ints, Ints, Ints, Floats]] = []
    if not len(learners):
        return pieces, next_best, feasible
    group = learner_groups(enc, learners)
    lists = _Lists(enc, learners, group, columns_of)
    feasible[learners] = lists.feasible
    n_goals = enc.goal_ptr[learners + 1] - enc.goal_ptr[learners]
    others = (
        rules.weight("cross_department")
        + rules.weight("cross_location")
        + rules.weight("tenure_gap")
    )
    goal_weight = np.float32(rules.weight("goal_fit"))
    bonus = _Bonuses(enc, columns_of)
    order = np.lexsort((group, n_goals))
    for goals in np.unique(n_goals).tolist():
        same = order[n_goals[order] == goals]
        width = goals * PER_SKILL + BY_FIT
        step = max(1, CHUNK_PAIRS // width)
        for start in range(0, len(same), step):
            at = same[start : start + step]
            rows, grp = learners[at], group[at]
            # each row's shortlist, and its ceiling on every guide left off it
            slots = [lists.fit_lists[grp]]
            ceiling = lists.fit_cut[grp].astype(np.float64) + others
            first = enc.goal_ptr[rows]
            for p in range(goals):
                skill = enc.goal_skill[first + p]
                r = lists.skill_row(grp, skill)
                slots.append(lists.skill_slots(r, rows))
                ceiling += goal_weight * enc.goal_weight[first + p] * lists.skill_cut[r]
            S = _row_scores(enc, lists, rows, grp, _each_once(np.concatenate(slots, axis=1)))
            pieces.append(_keep_best(enc, rows, S, bonus, k, next_best))
            next_best[rows] = np.maximum(next_best[rows], ceiling)
    return pieces, next_best, feasible


def _each_once(cols: Ints) -> Ints:
    """Each row's guides sorted, a guide on several of its lists kept once (-1 pads)."""
    cols = np.sort(cols, axis=1)
    cols[:, 1:][cols[:, 1:] == cols[:, :-1]] = -1
    return cols


class _Bonuses:
    """The pairs a stated preference links, by learner: always on the shortlist."""

    def __init__(self, enc: Encoding, columns_of: Bools | None) -> None:
        keys = np.unique(np.concatenate([enc.learner_pref[0], enc.guide_pref[0]]))
        if columns_of is not None:
            keys = keys[columns_of[keys % enc.n_guides]]
        self.keys = keys
        self.m = enc.n_guides
        self.ptr = np.searchsorted(keys // self.m, np.arange(enc.n_learners + 1))

    def columns(self, rows: Ints) -> Ints:
        """Each row's preference-linked guides, -1 padded (no column when none has any)."""
        count = self.ptr[rows + 1] - self.ptr[rows]
        owner, at = scoring.expand(self.ptr[rows], count)
        out = np.full((len(rows), int(count.max()) if len(rows) else 0), -1, dtype=np.int64)
        out[owner, at - self.ptr[rows][owner]] = self.keys[at] % self.m
        return out


def _keep_best(
    enc: Encoding,
    rows: Ints,
    scored: tuple[NDArray[np.float32], Ints],
    bonus: _Bonuses,
    k: int,
    next_best: Floats,
) -> tuple[Ints, Ints, Ints, Floats]:
    """The k best distinct feasible guides of each row, from its scored shortlist and its
    preference pairs (scored apart); `next_best[rows]` gets the best score left out (a
    ceiling: it may belong to a duplicate or a ruled-out pair)."""
    S, cols = scored
    b, w = S.shape
    keep = min(w, k + 1 + SLACK)
    if keep < w:
        part = np.argpartition(-S, keep - 1, axis=1)[:, :keep]
        S_top = np.take_along_axis(S, part, axis=1)
        G_top = np.take_along_axis(cols, part, axis=1)
        left = S_top.min(axis=1).astype(np.float64)  # bounds every pair not selected
    else:
        S_top, G_top = S, cols
        left = np.full(b, -np.inf)
    G_top = np.where(np.isfinite(S_top), G_top, -1)
    extra = bonus.columns(rows)
    if extra.shape[1]:
        r, c = np.nonzero(extra >= 0)
        extra_s = np.full(extra.shape, -np.inf, dtype=np.float32)
        li, gi = rows[r], extra[r, c]
        ok = scoring.feasible(enc, li, gi)
        extra_s[r[ok], c[ok]] = scoring.scores(enc, li[ok], gi[ok])
        extra[r[~ok], c[~ok]] = -1
        # preference pairs first, so that they win over the same guide's shortlist copy
        S_top = np.concatenate([extra_s, S_top], axis=1)
        G_top = np.concatenate([extra, G_top], axis=1)
    # the hard rules left to check: exclusions (avoid lists, reporting lines, forbidden)
    keys = rows[:, None] * enc.n_guides + G_top
    G_top[contains(enc.excluded, keys.ravel()).reshape(keys.shape)] = -1
    # each guide once: sort each row by guide, drop repeats after the first
    order = np.argsort(np.where(G_top >= 0, G_top, enc.n_guides), axis=1, kind="stable")
    G_top = np.take_along_axis(G_top, order, axis=1)
    S_top = np.take_along_axis(S_top, order, axis=1)
    repeat = np.zeros(G_top.shape, dtype=np.bool_)
    repeat[:, 1:] = G_top[:, 1:] == G_top[:, :-1]
    S_top[repeat | (G_top < 0)] = -np.inf
    order = np.argsort(-S_top, axis=1, kind="stable")
    S_top = np.take_along_axis(S_top, order, axis=1)
    G_top = np.take_along_axis(G_top, order, axis=1)
    if S_top.shape[1] > k:
        left = np.maximum(left, S_top[:, k])
    next_best[rows] = np.where(np.isfinite(left), left, -np.inf)
    S_top, G_top = S_top[:, :k], G_top[:, :k]
    r, rank = np.nonzero(np.isfinite(S_top))
    return rows[r], rank.astype(np.int64), G_top[r, rank], S_top[r, rank].astype(np.float64)


def _row_scores(
    enc: Encoding, lists: _Lists, rows: Ints, grp: Ints, cols: Ints
) -> tuple[NDArray[np.float32], Ints]:
    """Scores of each row's learner against its columns (a 2-D array of guides, -1 pads):
    the same terms as `scoring.scores` apart from preferences (their pairs are scored
    apart), -inf where no language is shared or the column is a pad. Rows come sorted by
    group. (Flat `np.take`s: several times faster than 2-D fancy indexing.)"""
    L, rules = enc.learners, enc.rules
    f32 = np.float32
    pad = cols < 0
    cols = np.where(pad, 0, cols)
    kind = np.take(lists.guide_kind, cols)
    S = np.empty(cols.shape, dtype=np.float32)
    edges = np.flatnonzero(np.diff(grp)) + 1
    for lo, hi in zip(np.r_[0, edges], np.r_[edges, len(grp)], strict=True):
        np.take(lists.shared[grp[lo]], kind[lo:hi], out=S[lo:hi])
    weight = rules.weight("goal_fit")
    if weight > 0:
        first = enc.goal_ptr[rows]
        count = enc.goal_ptr[rows + 1] - first
        flat = enc.strength.ravel()
        for p in range(int(count.max()) if len(count) else 0):
            has = count > p
            at = np.where(has, first + p, 0)
            where = cols + (enc.goal_skill[at] * enc.n_guides)[:, None]
            part = np.take(flat, where)
            part *= (weight * np.where(has, enc.goal_weight[at], 0.0)).astype(np.float32)[:, None]
            S += part
    for name, own in (("cross_department", L.department), ("cross_location", L.location)):
        weight = rules.weight(name)
        if weight > 0:
            theirs = np.take(lists.guide_codes[name], cols)
            mine = own[rows][:, None]
            S += f32(weight) * ((mine != theirs) & (mine >= 0) & (theirs >= 0))
    weight = rules.weight("tenure_gap")
    if weight > 0:
        scale = f32(weight / TENURE_SPAN)
        diff = np.take(lists.guide_tenure, cols)
        diff -= (L.tenure[rows] * scale).astype(np.float32)[:, None]
        np.abs(diff, out=diff)
        S += np.minimum(diff, f32(weight), out=diff)
    if rules.hard.shared_language:
        tongue = np.take(lists.guide_tongue, cols)
        tongue += (lists.learner_tongue[rows] * len(lists.speak))[:, None]
        S[~np.take(lists.speak.ravel(), tongue)] = -np.inf
    S[pad] = -np.inf
    return S, cols
