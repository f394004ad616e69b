"""Phrases about the business side of work (go-to-market, customers, finance, people,
legal, operations), in the same shape as `work_phrases`."""

from __future__ import annotations

from peoplefirst.sample_org.work_phrases import Domain, p

GO_TO_MARKET = Domain(
    things=p(
        "the enterprise pipeline | our discovery call guide | the quarterly forecast | the"
        " partner program | the website | the nurture campaign | the launch campaign | the"
        " pricing proposal for a logistics customer | the renewal playbook | our competitive"
        " battlecards | the flagship conference | the outbound sequence"
    ),
    problems=p(
        "deals stalled after the second call | the forecast was off by {pct}% every quarter"
        " | leads from events never reached a seller | our win rate against the main"
        " competitor was stuck at {n}% | the website converted fewer than {m} visitors in a"
        " hundred | sellers rewrote the pitch deck for every meeting | the campaign calendar"
        " lived in {n} spreadsheets | procurement kept pushing deals into the next quarter"
        " | new sellers took {weeks} weeks to book their first meeting | partners did not know"
        " which deals they could register"
    ),
    results=p(
        "win rate rose by {pct}% | average deal size grew {pct}% | the forecast landed within"
        " {m}% of actual | pipeline from events grew {pct}% quarter on quarter | {n} new"
        " customers came in through partners | sales cycles shortened by {weeks} weeks"
        " | conversion on the pricing page went up {pct}% | we closed a three-year deal with a"
        " retail group | new sellers reached quota in half the time | email open rates doubled"
    ),
    goals=p(
        "make the forecast something the board can rely on | win more often against our main"
        " competitor | get new sellers productive in their first quarter | turn event leads"
        " into meetings within two days | grow expansion revenue in existing accounts | launch"
        " in a new region without a local team | tell one story across sales and marketing"
        " | shorten the path from first call to signature"
    ),
    approaches=p(
        "rebuilt discovery around the customer's business case | ran weekly deal reviews with"
        " a fixed set of questions | wrote battlecards with the sellers who kept winning"
        " | tested {n} subject lines before the main send | routed every event lead to a named"
        " seller the same day | shadowed the top performers and wrote down what they did"
        " differently | brought a solutions engineer into every large deal | cut the campaign"
        " list by half and doubled down on what worked"
    ),
    audiences=p(
        "new account executives | sellers in the field | marketing managers | the SDR team"
        " | partner managers | anyone who presents to customers"
    ),
    asks=p(
        "handle a pricing objection without discounting | qualify a deal early | run a demo"
        " for a room full of skeptics | write a subject line people open | forecast a deal"
        " that depends on legal | reach more than one person in an enterprise account | plan a"
        " campaign on a small budget | follow up after a conference"
    ),
    advice=p(
        "ask about the cost of doing nothing before you talk price | get a second contact in"
        " the account before the first one goes quiet | show the two screens they care about,"
        " not all twenty | write to one person, not a segment | put the next step in the"
        " calendar before the call ends | test on a small list first and let the numbers"
        " choose | sell the outcome and use the features as proof | agree the decision process"
        " as early as the budget"
    ),
)

CUSTOMER = Domain(
    things=p(
        "the support queue | our help center | the enterprise onboarding program | the"
        " escalation process | the renewal calendar | the customer health dashboard | our"
        " macros and templates | the billing support flow | the quarterly business reviews"
        " | the chat channel | the follow-the-sun handover | the status page"
    ),
    problems=p(
        "first response time had slipped to {n} hours | the same {n} questions made up a third"
        " of all tickets | customers learned about outages from social media | renewals"
        " surfaced only a month before they were due | escalations bounced between teams for"
        " days | new agents needed {weeks} weeks before taking tickets alone | satisfaction"
        " dropped {m} points in a quarter | handovers between regions lost context | onboarding"
        " took {weeks} weeks for enterprise customers | at-risk accounts were found only when"
        " they gave notice"
    ),
    results=p(
        "first response time is now under {m} hours | tickets on those topics fell {pct}%"
        " | satisfaction recovered and then rose another {m} points | gross retention improved"
        " by {m} points | escalations now resolve in {m} days on average | new agents take"
        " tickets on their own in week {m} | self-service now answers {pct}% of questions"
        " | {n} at-risk accounts renewed after a save plan | enterprise onboarding now takes"
        " {m} weeks | every handover carries a one-line summary people actually read"
    ),
    goals=p(
        "answer customers before they have to ask twice | catch at-risk accounts a quarter"
        " earlier | make the help center the first place people look | give every escalation"
        " one owner | onboard enterprise customers in half the time | keep context when a"
        " ticket crosses time zones | turn support insights into product fixes | make business"
        " reviews about the customer's goals, not our features"
    ),
    approaches=p(
        "rewrote the twenty most viewed help articles with the agents who answer those"
        " questions | built a health score from usage, tickets and sentiment | set up a weekly"
        " escalation huddle with engineering | added a handover template to every ticket that"
        " changes region | removed the onboarding steps customers skipped anyway | tagged every"
        " ticket by root cause for a month | ran save plays with the account team for every red"
        " account | paired new agents with a buddy for their first {n} tickets"
    ),
    audiences=p(
        "new support agents | customer success managers | team leads in support | anyone on"
        " the escalation rota | the onboarding team | account managers"
    ),
    asks=p(
        "calm down a customer who is already angry | say no to a feature request kindly"
        " | escalate without throwing a colleague under the bus | prepare a business review"
        " | spot an account that is about to leave | write a macro that doesn't sound like one"
        " | hand a ticket over to another region | run an onboarding kickoff"
    ),
    advice=p(
        "acknowledge the impact before explaining the cause | answer the question they asked,"
        " then the one they will ask next | write the summary you would want to receive at"
        " 3 a.m. | bring data from their own usage to the conversation | never close a ticket"
        " the customer hasn't confirmed | tell them what happens next and when | fix the"
        " article, not just the ticket | agree success criteria at kickoff and review them"
        " every quarter"
    ),
)

FINANCE = Domain(
    things=p(
        "the month-end close | the annual budget | the revenue forecast | the board pack | our"
        " expense policy | the supplier payment run | the pricing model for the enterprise plan"
        " | the cash forecast | the cost allocation model | the audit file | the headcount plan"
        " | the intercompany reconciliations"
    ),
    problems=p(
        "the close took {n} working days | budget owners saw their actuals six weeks late"
        " | the forecast lived in a spreadsheet only one person understood | auditors raised"
        " {n} findings in a single year | payments to suppliers were often late | cash was"
        " tight every quarter-end | nobody could say what a customer cost to serve | currency"
        " swings wiped out {pct}% of margin in one region | revenue for multi-year deals was"
        " recognised by hand | planning took the whole of the fourth quarter"
    ),
    results=p(
        "the close now takes {m} days | budget owners see actuals by day {m} | the forecast"
        " now lands within {m}% | the auditors raised no findings this year | late supplier"
        " payments went from {n} a month to almost none | quarter-end cash improved by {pct}%"
        " | the model shows cost to serve for every segment | planning takes {weeks} weeks"
        " instead of a quarter | manual journal entries dropped by {pct}% | the board pack is"
        " ready two days earlier"
    ),
    goals=p(
        "close the books in five days | give budget owners their numbers while they still"
        " matter | forecast cash thirteen weeks out | get ready for our first external audit"
        " | understand margin by product | plan the year in weeks, not months | automate"
        " revenue recognition for multi-year deals | make spending approvals quick and safe"
    ),
    approaches=p(
        "mapped every close task with its owner and dependencies | moved the reconciliations"
        " into the ERP and deleted the spreadsheets | rebuilt the forecast as a driver-based"
        " model | agreed a materiality threshold with the auditors up front | sat with the"
        " budget owners to explain their variances | built a thirteen-week cash view from bank"
        " data | documented every control with a test procedure | reviewed the top {n} vendors"
        " and renegotiated terms"
    ),
    audiences=p(
        "budget owners | new analysts | the accounting team | managers who sign off spend"
        " | anyone preparing for audit | the leadership team"
    ),
    asks=p(
        "explain a variance to a budget owner | build a forecast that survives the first"
        " surprise | book revenue for a deal with unusual terms | prepare for an audit"
        " walkthrough | choose between capex and opex | model a price change | speed up the"
        " close | write a business case finance will approve"
    ),
    advice=p(
        "start from the drivers, not last year's numbers | reconcile early in the month, not"
        " only at the end | write the assumption next to the number | show the range, then the"
        " point estimate | ask what decision the model is for before building it | keep one"
        " version of the truth and link everything to it | document the control the way you"
        " actually perform it | check the contract before you check the invoice"
    ),
)

PEOPLE = Domain(
    things=p(
        "the onboarding program | our interview process | the performance review cycle | the"
        " engagement survey | the mentoring program | the career framework | the leadership"
        " offsite | the new-manager training | the hiring plan | the all-hands | our team"
        " rituals | the internal knowledge base"
    ),
    problems=p(
        "new joiners took {weeks} weeks to feel productive | candidates dropped out after the"
        " third interview | review ratings told people nothing about how to grow | engagement"
        " fell {m} points in a year | the mentoring program had {n} mentees and too few"
        " mentors | new managers were promoted and left to figure it out | meetings ate {pct}%"
        " of the team's week | decisions made in one time zone surprised the other | people"
        " did not know who to ask about what | feedback only happened once a year"
    ),
    results=p(
        "new joiners now feel productive by week {m} | offer acceptance rose by {pct}% | {n}"
        " people found a mentor within a month | engagement rose {m} points | meeting time fell"
        " by {pct}% | every manager now runs regular one-on-ones | regretted attrition halved"
        " | time to hire fell by {weeks} weeks | people rate their review conversations as"
        " useful for the first time | {n} new managers finished the program this year"
    ),
    goals=p(
        "help new joiners find their people in the first week | make interviews fair and fast"
        " | turn reviews into growth conversations | give every new manager a peer group"
        " | make it easy to find the person who knows | run fewer, better meetings | grow"
        " leaders from inside | make feedback a habit, not an event"
    ),
    approaches=p(
        "paired every new joiner with a buddy from another team | trained interviewers with"
        " real recordings and scoring guides | replaced ratings with three questions about"
        " growth | set up peer circles of five new managers each | asked people what they"
        " wanted to learn and who could teach it | moved status updates into writing and kept"
        " meetings for decisions | ran a pilot with {n} volunteers before rolling it out"
        " | practised the hard conversations in role plays"
    ),
    audiences=p(
        "new managers | people leaders | interviewers | new joiners | HR business partners"
        " | mentors"
    ),
    asks=p(
        "give feedback that actually lands | run a one-on-one that isn't a status update"
        " | prepare for a difficult conversation | structure an interview loop | help someone"
        " who is struggling | find a mentor | run a meeting across five time zones | delegate"
        " without losing sleep"
    ),
    advice=p(
        "describe what you saw and its impact, then ask | let them talk first and take notes"
        " | agree what good looks like before the interview, not after | write the agenda as"
        " questions | make it safe to say you don't know | ask what they want to learn before"
        " offering advice | rotate the meeting time so the same people aren't always up late"
        " | hand over the outcome, not the task list"
    ),
)

LEGAL = Domain(
    things=p(
        "the standard customer contract | our data processing agreement | the open source"
        " policy | the privacy notice | the vendor contract template | the trademark portfolio"
        " | the speak-up channel | the AI use policy | the sanctions screening process | the"
        " board minutes process | the NDA workflow | the records retention schedule"
    ),
    problems=p(
        "contract turnaround had stretched to {weeks} weeks | sales kept sending us {n}"
        " versions of the same clause | nobody knew which open source licences we shipped"
        " | the privacy notice had not changed since launch | a regulator asked questions we"
        " could not answer quickly | vendors were signing on their own paper | teams had"
        " started using AI tools with no guidance | the NDA queue had {n} requests waiting"
        " | screening was done by hand for every new partner | policies existed but nobody"
        " could find them"
    ),
    results=p(
        "turnaround is now {m} days for standard deals | {pct}% more contracts now close on"
        " our template | we have a full inventory of licences in every release | the privacy"
        " review backlog is cleared | the regulator closed the inquiry with no action | NDAs"
        " now go out in minutes | every team has a one-page guide to AI tools | screening runs"
        " automatically for every new partner | policy questions to legal dropped by {pct}%"
        " | we moved {n} vendor contracts onto our terms"
    ),
    goals=p(
        "get standard deals signed without legal in the loop | know exactly what open source"
        " we ship | make privacy reviews part of product work | give teams clear rules for"
        " using AI tools | answer regulators quickly and completely | keep contracts"
        " consistent across regions | make speaking up safe and simple | cut the time legal"
        " spends on routine questions"
    ),
    approaches=p(
        "wrote a playbook with fallback positions for the ten most negotiated clauses | added"
        " a licence scan to every build | built a short privacy checklist into the product"
        " brief | ran workshops with each team before publishing the policy | kept a register"
        " of regulator questions and our answers | created self-serve templates with locked"
        " clauses | trained the sales team on what they could agree on their own | moved every"
        " policy into one searchable place"
    ),
    audiences=p(
        "sales teams | product managers | engineers who ship open source | managers"
        " | procurement | anyone signing a contract"
    ),
    asks=p(
        "agree a liability cap the customer will accept | use an open source library safely"
        " | run a privacy review on a new feature | answer a data subject request | sign a"
        " contract in another country | handle a customer who wants unlimited liability | use"
        " customer data to train a model | share information with a partner"
    ),
    advice=p(
        "start from our template and explain every change you accept | check the licence"
        " before you add the dependency, not after | collect only what you need and write down"
        " why | ask what problem the clause solves for them | keep a record of the decision and"
        " who made it | escalate early, because a late surprise costs more | read the"
        " definitions first, since that is where the scope hides | never agree to something"
        " you cannot actually deliver"
    ),
)

OPERATIONS = Domain(
    things=p(
        "the main fulfilment center | the returns process | supplier onboarding | the S&OP"
        " meeting | the inventory plan | the inbound dock | the office move | the transport"
        " tender | the quality checks on the packing line | the vendor scorecard | the"
        " continuity plan | the monthly operations review"
    ),
    problems=p(
        "stock-outs hit {n} of our top products every month | the warehouse ran out of space"
        " every peak season | supplier lead times doubled without warning | returns sat for"
        " {n} days before anyone looked at them | three teams forecast demand three different"
        " ways | freight costs rose {pct}% in a year | the packing line had a defect rate of"
        " {m}% | nobody had ever tested the continuity plan | operations reviews were slide"
        " shows with no decisions | office moves disrupted teams for weeks"
    ),
    results=p(
        "stock-outs fell by {pct}% | on-time delivery reached its best level in three years"
        " | returns are processed within {m} days | freight cost per order fell {pct}%"
        " | defects on the line fell by {pct}% | one shared forecast now drives purchasing and"
        " staffing | inventory holding cost went down {pct}% | the continuity test passed with"
        " {m} minor actions | we moved {n} teams without losing a working day | supplier lead"
        " times are visible a month ahead"
    ),
    goals=p(
        "stop running out of the products people buy most | get through peak season without"
        " overtime | process returns within a week | agree one demand plan across sales,"
        " finance and operations | cut freight costs without slowing delivery | prove we can"
        " keep running if the main site is down | see supplier problems before they hurt"
        " | run reviews that end with decisions"
    ),
    approaches=p(
        "walked the process end to end with the people who do it | set reorder points from"
        " the forecast instead of habit | ran a tender across {n} carriers | introduced a daily"
        " stand-up at the start of each shift | used a value stream map to find the waiting"
        " time | built a scorecard with the suppliers, not for them | ran a tabletop exercise"
        " with every site lead | moved slow movers to overflow storage before peak"
    ),
    audiences=p(
        "shift leads | planners | site managers | buyers | the operations leadership team"
        " | new operations analysts"
    ),
    asks=p(
        "set a reorder point | run a kaizen event | choose a new carrier | plan for peak"
        " season | get a supplier to improve without threatening them | map a process nobody"
        " owns | run a useful operations review | test a continuity plan"
    ),
    advice=p(
        "go and see the process before changing it | measure the waiting time, not just the"
        " working time | agree the forecast once and plan everything from it | start with the"
        " top ten items, which are most of the volume | make the problem visible on the floor,"
        " not only in a report | fix the process, not the person | keep a small buffer where"
        " the variation is highest | test the plan with the people who would run it"
    ),
)
