"""Short things people write on their profile: learning goals and why, what they offer as a
guide, and the notes they leave with an endorsement. `{S}` is the skill as it reads
mid-sentence, `{now}` and `{target}` are level names in lower case."""

from __future__ import annotations

from peoplefirst.domain.vocabulary import GuideRole
from peoplefirst.sample_org.work_phrases import p

GOAL_TEXTS = p(
    "Learn {S} | Get hands-on with {S} | Go from {now} to {target} in {S} | Get comfortable"
    " with {S} | Build real {S} skills | Understand {S} well enough to apply at work"
    " | Become someone my team can ask about {S} | Get the basics of {S} down | Use {S} on a"
    " real project this half | Reach {target} level in {S}"
)
NEW_SKILL_GOAL_TEXTS = p(
    "Learn {S} | Get hands-on with {S} | Get comfortable with {S} | Understand {S} well"
    " enough to apply at work | Get the basics of {S} down | Try {S} on a small project"
)
WHY = p(
    "My team is taking on more {S} work next quarter and I want to pull my weight. | I keep"
    " handing {S} questions to others and would like to answer them myself. | It's the gap my"
    " manager and I agreed on in my last review. | {Scap} comes up in almost every project"
    " now. | A colleague showed me what good {S} looks like and I want that. | I'm curious,"
    " and I think it will make me better at my job. | We're hiring people who know {S} and I"
    " want to be able to interview them well. | I'd like to mentor others one day, and that"
    " starts with getting better myself. | Our customers ask about it and I don't want to"
    " bluff. | I've been doing it by trial and error and want to learn it properly. | It"
    " would let me take on the projects I actually want. | I want to move toward a more"
    " senior role, and this is part of it. | Our new project depends on it and I'd rather"
    " learn it now than during an incident."
)
FREE_GOALS = (
    ("Prepare my first conference talk", "I want to share what our team learned with people"
     " outside the company."),
    ("Say no to more meetings", "My calendar decides my week at the moment; I want it to be"
     " the other way round."),
    ("Learn enough Spanish to chat with the Madrid team", "We work together every day and I"
     " only know how to say thank you."),
    ("Find a mentor outside my department", "I'd like an outside view on where my career"
     " could go."),
    ("Run a retrospective for my team", "I want to practise facilitation somewhere safe"
     " first."),
    ("Write a design document that gets approved the first time", "My last two went through"
     " four rounds of review."),
    ("Understand how our company makes money", "I'd like to connect my work to the numbers"
     " leadership talks about."),
    ("Take on a stretch project this half", "I've been doing the same kind of work for two"
     " years and want something new."),
    ("Build a network across the other offices", "Most of the people I know here sit within"
     " ten metres of me."),
    ("Get more comfortable presenting to senior leaders", "I know my material but freeze"
     " when the room gets senior."),
    ("Shadow a customer call every month", "I build things for customers I have never heard"
     " speak."),
    ("Learn to give feedback without dreading it", "I tend to wait too long and then it"
     " comes out wrong."),
)  # fmt: skip

OFFER_NOTES: dict[GuideRole, tuple[str, ...]] = {
    GuideRole.SME: p(
        "Happy to answer questions about {S}; a short message with some context works best."
        " | Ask me anything about {S}, especially the awkward edge cases. | I know {S} well"
        " and can usually point you in the right direction in one call. | Drop me a question"
        " about {S} any time, I answer within a day or two."
    ),
    GuideRole.MENTOR: p(
        "I can mentor people who want to grow in {S} or think about their career more"
        " broadly. | Looking for mentees early in {S}: monthly chats, your agenda. | Happy to"
        " mentor someone moving into {S}. I did the same move myself. | Mentoring on {S} and"
        " on finding your feet here."
    ),
    GuideRole.COACH: p(
        "I coach people through a new role or a career decision: questions, not answers."
        " | Coaching for new managers, especially on feedback and delegation. | I'm a trained"
        " coach and happy to take on a couple of coachees. | Coaching sessions on whatever is"
        " on your mind at work."
    ),
    GuideRole.PEER_PARTNER: p(
        "Looking for a peer to learn {S} with: weekly check-ins, small goals. | I'm working"
        " on {S} too; let's keep each other honest. | Happy to join a peer circle on {S}."
        " | Want an accountability partner for {S}? I'm in."
    ),
    GuideRole.ROLE_MODEL: p(
        "Happy to share how I got here; you are welcome to shadow me for a day. | Come and"
        " see how {S} works day to day on our team. | Open to conversations about my path"
        " into {S}. | Ask me about the detours in my career; they taught me the most."
    ),
}

ENDORSEMENT_NOTES = p(
    "Always my first call for {S}. | Walked me through {S} with endless patience. | Saved"
    " our launch with some very sharp {S} work. | Knows {S} inside out. | Taught half the"
    " team what good {S} looks like. | Clear, careful and generous with {S} help. | Great {S}"
    " instincts, and explains them well. | Helped me untangle a nasty {S} problem in an"
    " afternoon. | Solid {S} work on every project we've shared. | The person I'd want next"
    " to me on a hard {S} problem. | Raised the bar for {S} on our team. | Quietly excellent"
    " at {S}. | Their {S} reviews make everyone's work better. | Made {S} feel approachable"
    " for the rest of us."
)
