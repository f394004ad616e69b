"""What happens to each piece of a person's data when they ask for deletion, and what their
export holds: one rule per column that points at a person, written down as data so that
docs/security.md and a test can check that no column is forgotten."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FORMER_COLLEAGUE = "A former colleague"  # the deleted person's name from now on
IN_TEXT = "a former colleague"  # what replaces their name and e-mail inside texts
DELETED_EMAIL_DOMAIN = "deleted.invalid"  # .invalid can never be a real address (RFC 2606)
DELETION_PHRASE = "delete my data"
EXPORT_FORMAT = "peoplefirst-personal-data"
# Never exported, whoever asks: only hashes, but a hash is still a key to an account.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash"})
# What the handlers of a misconduct report write stays theirs, even in the reporter's export.
HANDLERS_ONLY = {"misconduct_reports": frozenset({"handled_by", "handled_at", "handled_note"})}


class Fate(StrEnum):
    DELETE = "delete"  # the rows go
    KEEP = "keep"  # the rows stay, attributed to "A former colleague"
    CLEAR = "clear"  # the rows stay; the link to the person is emptied


@dataclass(frozen=True, slots=True)
class Rule:
    fate: Fate
    why: str
    exported: bool = True  # False: the person may not see these rows (someone else's)


# (table, column) → what deletion does with the rows where that column is the person.
RULES: dict[tuple[str, str], Rule] = {
    ("people", "manager_id"): Rule(
        Fate.CLEAR, "Your reports no longer have a manager on record.", exported=False
    ),
    ("person_languages", "person_id"): Rule(Fate.DELETE, "Your profile."),
    ("person_skills", "person_id"): Rule(Fate.DELETE, "Your profile."),
    ("person_skill_tags", "person_id"): Rule(Fate.DELETE, "Your profile."),
    ("learning_goals", "person_id"): Rule(
        Fate.DELETE,
        "Your goals; a goal in a relationship's agreement stays there as its text, so the "
        "colleague's agreement is whole.",
    ),
    ("guide_offers", "person_id"): Rule(Fate.DELETE, "Your offer to guide."),
    ("capacity_budgets", "person_id"): Rule(Fate.DELETE, "Your time budget."),
    ("capacity_commitments", "person_id"): Rule(Fate.DELETE, "The ledger of your budget."),
    ("evidence_credits", "person_id"): Rule(
        Fate.DELETE,
        "Texts you alone are credited with are deleted; texts written with colleagues stay "
        "theirs, without your credit.",
    ),
    ("endorsements", "endorsee_id"): Rule(Fate.DELETE, "Endorsements of your skills."),
    ("endorsements", "endorser_id"): Rule(
        Fate.KEEP, "Your endorsements of colleagues still vouch for them."
    ),
    ("kudos", "receiver_id"): Rule(Fate.DELETE, "Thanks you received."),
    ("kudos", "giver_id"): Rule(Fate.KEEP, "Thanks you gave stay with the colleague."),
    ("help_requests", "learner_id"): Rule(
        Fate.KEEP,
        "Open requests are withdrawn; the requests stay, because the help colleagues gave "
        "and its outcome count for them.",
    ),
    ("request_offers", "guide_id"): Rule(
        Fate.KEEP,
        "Requests waiting for your answer move on to the next colleague; one you had "
        "accepted is closed. The learner's record stays.",
    ),
    ("request_messages", "author_id"): Rule(
        Fate.KEEP, "A conversation belongs to both people: your messages stay."
    ),
    ("help_outcomes", "guide_id"): Rule(
        Fate.KEEP, "The learner's account of help you gave stays theirs (anonymous figures)."
    ),
    ("programs", "created_by"): Rule(Fate.CLEAR, "Programs you started go on."),
    ("program_rules_versions", "saved_by"): Rule(Fate.CLEAR, "The rules you saved stay."),
    ("program_admins", "person_id"): Rule(Fate.DELETE, "You are no longer an admin."),
    ("program_invites", "person_id"): Rule(Fate.DELETE, "Your invitations."),
    ("program_enrollments", "person_id"): Rule(
        Fate.DELETE, "Your enrollments, with their goals and choices."
    ),
    ("enrollment_choices", "person_id"): Rule(
        Fate.DELETE, "Colleagues' choices of you no longer count.", exported=False
    ),
    ("shortlist_exposures", "guide_id"): Rule(Fate.DELETE, "How often you were shortlisted."),
    ("match_runs", "created_by"): Rule(Fate.CLEAR, "Runs you made stay with the program."),
    ("match_run_pairs", "learner_id"): Rule(
        Fate.DELETE, "Draft pairs with you; a run's figures stay as anonymous totals."
    ),
    ("match_run_pairs", "guide_id"): Rule(
        Fate.DELETE, "Draft pairs with you; a run's figures stay as anonymous totals."
    ),
    ("match_run_unmatched", "learner_id"): Rule(Fate.DELETE, "Draft rows about you."),
    ("match_run_group_members", "person_id"): Rule(Fate.DELETE, "Draft rows about you."),
    ("program_group_members", "person_id"): Rule(
        Fate.DELETE, "You leave your groups; they go on for the others."
    ),
    ("program_matches", "learner_id"): Rule(
        Fate.KEEP, "Open matches end; the colleague's record of the match stays."
    ),
    ("program_matches", "guide_id"): Rule(
        Fate.KEEP,
        "Open matches end and the learner is proposed a new guide; their record stays.",
    ),
    ("program_matches", "declined_by"): Rule(Fate.CLEAR, "Who declined is forgotten."),
    ("relationships", "learner_id"): Rule(
        Fate.KEEP,
        "Open relationships end; the colleague keeps the relationship, its shared notes "
        "and their own reflections.",
    ),
    ("relationships", "guide_id"): Rule(
        Fate.KEEP,
        "Open relationships end; the colleague keeps the relationship, its shared notes "
        "and their own reflections.",
    ),
    ("relationships", "invited_by"): Rule(Fate.CLEAR, "Who invited is forgotten."),
    ("relationships", "agreement_updated_by"): Rule(Fate.CLEAR, "Who edited is forgotten."),
    ("relationships", "ended_by"): Rule(Fate.CLEAR, "Who ended it is forgotten."),
    ("relationship_sessions", "created_by"): Rule(Fate.CLEAR, "Shared sessions stay."),
    ("relationship_sessions", "notes_updated_by"): Rule(
        Fate.CLEAR, "Shared notes stay for the colleague; who wrote last is forgotten."
    ),
    ("session_reflections", "author_id"): Rule(Fate.DELETE, "Your private reflections."),
    ("relationship_commitments", "owner_id"): Rule(
        Fate.KEEP, "Commitments both of you reviewed stay in the shared record."
    ),
    ("relationship_commitments", "reviewed_by"): Rule(Fate.CLEAR, "Who reviewed is forgotten."),
    ("relationship_check_ins", "author_id"): Rule(
        Fate.KEEP, "Check-ins are shared by the two: yours stay."
    ),
    ("relationship_feedback", "author_id"): Rule(
        Fate.KEEP, "Feedback you gave counts for the colleague."
    ),
    ("relationship_feedback", "about_id"): Rule(
        Fate.KEEP,
        "Feedback about you is the colleague's to keep; you see it once it is revealed.",
    ),
    ("relationship_feedback_skills", "author_id"): Rule(
        Fate.KEEP, "Part of the feedback you gave."
    ),
    ("misconduct_reports", "reporter_id"): Rule(
        Fate.KEEP, "Reports you made stay with the people who handle them."
    ),
    ("misconduct_reports", "reported_id"): Rule(
        Fate.KEEP,
        "A report about you stays with its handlers; the person reported never sees it.",
        exported=False,
    ),
    ("misconduct_reports", "handled_by"): Rule(
        Fate.CLEAR, "Who handled it is forgotten.", exported=False
    ),
    ("circle_members", "person_id"): Rule(
        Fate.DELETE, "You leave your circles; they go on for the others."
    ),
    ("circles", "agreement_updated_by"): Rule(Fate.CLEAR, "Who edited is forgotten."),
    ("circles", "ended_by"): Rule(Fate.CLEAR, "Who ended it is forgotten."),
    ("circle_sessions", "created_by"): Rule(Fate.CLEAR, "Shared sessions stay."),
    ("circle_sessions", "notes_updated_by"): Rule(
        Fate.CLEAR, "Shared notes stay for the circle; who wrote last is forgotten."
    ),
    ("circle_reflections", "author_id"): Rule(Fate.DELETE, "Your private reflections."),
    ("circle_commitments", "owner_id"): Rule(
        Fate.KEEP, "Commitments the circle reviewed stay in its shared record."
    ),
    ("circle_commitments", "reviewed_by"): Rule(Fate.CLEAR, "Who reviewed is forgotten."),
    ("circle_check_ins", "author_id"): Rule(Fate.KEEP, "Check-ins are the circle's."),
    ("circle_feedback", "author_id"): Rule(Fate.KEEP, "The circle's anonymous figures."),
    ("notifications", "person_id"): Rule(Fate.DELETE, "What you were told, and its delivery."),
    ("notification_settings", "person_id"): Rule(Fate.DELETE, "Your settings."),
    ("notification_choices", "person_id"): Rule(Fate.DELETE, "Your settings."),
    ("accounts", "person_id"): Rule(Fate.DELETE, "Your password (only its hash was stored)."),
    ("sign_in_sessions", "person_id"): Rule(Fate.DELETE, "You are signed out everywhere."),
    ("password_resets", "person_id"): Rule(Fate.DELETE, "Your reset links."),
    ("api_tokens", "person_id"): Rule(Fate.DELETE, "Your tokens stop working."),
    ("person_roles", "person_id"): Rule(Fate.DELETE, "Your roles."),
    ("person_roles", "granted_by"): Rule(Fate.CLEAR, "Roles you granted stay."),
}

# Kept on purpose although they name the person by id or address, not by a foreign key.
OTHER_RECORDS = {
    "sign_in_attempts": "Sign-in attempts with your e-mail are deleted.",
    "audit_events": "The audit log is append-only and names people by id only: it stays.",
}


def deleted_email(person_id: int) -> str:
    return f"deleted-{person_id}@{DELETED_EMAIL_DOMAIN}"


def is_deleted(email: str) -> bool:
    """Whether a person row is what is left of someone whose data was deleted."""
    return email.endswith("@" + DELETED_EMAIL_DOMAIN)


def confirmed(text: str) -> bool:
    """Whether the confirmation typed is the deletion phrase (any case, spaces trimmed)."""
    return " ".join(text.split()).lower() == DELETION_PHRASE
