# ruff: noqa: E501 (one phrasing a line reads and diffs best)
"""More English phrasing families, written after the first evaluation showed that eight
families per intent in training do not cover how differently people say the same thing."""

EXTRA: dict[str, list[str]] = {
    "interested": [
        "[Worth a conversation.|Could be worth a chat.] [I'm around|I'm free] {weekday} [after lunch|before 10].",
        "[Go ahead and|Please] [book|schedule] [a demo|a walkthrough] with me and our [office manager|ops lead].",
        "Yes. [What's the next step?|How do we get started?|What do you need from me?]",
        "[I'd like a quote|Send me a proposal] for [both sites|our main clinic] and [let's talk|we can discuss] [it|next steps] on a call.",
        "[Great timing, actually.|Actually yes.] [Call my cell|Ring me] [anytime after 3|this afternoon].",
        "[We'd love to|We would like to] [learn more|hear what you offer]. [Are you available|Do you have time] {weekday}?",
    ],
    "question": [
        "[Do you|Does your team] [work with|serve] [dental offices|surgery centers] [too|as well], or only [clinics|medical practices]?",
        "[What would|How much would] [a single site|one location] [run us|cost] per [month|year], [roughly|ballpark]?",
        "[Where are you based?|Are you local?] [Do you have staff|Do you have people] [near us|in {site}]?",
        "[Can I|Could I] [see a sample contract|see your standard terms] [first|before we go further]?",
        "[How many|What size of] [clients|practices] do you [currently|already] [support|work with]?",
        "[Is the checklist|Are the reports] [shared with us|something we can see] after each visit?",
    ],
    "objection_timing": [
        "[Let's revisit|We can revisit] this [next year|in {quarter}|after {month}].",
        "[We're not ready yet|Not ready yet]. [Check in|Touch base] [with me|again] in [a few months|the spring].",
        "[Nothing until|No decisions until] {month}, [when|that's when] [our lease renews|the budget is set].",
        "[I'd rather wait|We'd prefer to wait] [until|till] [things settle down|the move is done]. [Maybe|Try] {month}?",
        "[Please keep me in mind|Keep us on your radar] [for later in the year|for next year], [but|though] [not now|right now is not it].",
        "[Q4 is crazy for us|This season is crazy for us]. [Email me|Write again] [in January|after the holidays].",
    ],
    "objection_budget": [
        "[Cost is the issue|The issue is cost]. [We'd have to cut something else|There's nothing to cut] to pay for it.",
        "[We can't spend|We're not spending] [a dime|anything] on [new vendors|outside services] [this year|right now].",
        "[No funds|There are no funds] [left|available] in [this year's|the current] budget.",
        "[Our finance team|The CFO] [said no to|rejected] [all|any] new [contracts|spend] [last week|this quarter].",
        "[Too pricey|Too expensive] for us, [sorry|unfortunately]. [We're a nonprofit clinic.|We run on a shoestring.]",
        "[If it were half the price|At half the price] [maybe|we'd consider it]. [As is, no.|Otherwise no.]",
    ],
    "objection_has_solution": [
        "[We've got someone|We have someone] for [that|this] [already|for years]. [No change planned.|Not switching.]",
        "[Our parent company|Corporate] [negotiated|has] a [national|company-wide] contract [for this|covering this].",
        "[That's covered|This is covered] by our [property manager|landlord's service contract].",
        "[We're locked into|We are tied into] a [contract|deal] with {competitor} [through|until] {month} [next year|2027].",
        "[We hired|We brought on] a [full-time|dedicated] facilities [person|coordinator] [last year|recently], so [we're set|we're good].",
        "[Our current vendor|The company we use] [does all of that|covers all of that] [and more|already].",
    ],
    "referral": [
        "[Best to email|Please email] {colleague_first} at {ref_email} — [she|he] [owns|runs] [vendor relationships|this] [now|here].",
        "[Adding|I've added] {colleague} [to this thread|here] ({ref_email}). {colleague_first}, [can you take a look?|over to you.]",
        "[Your best bet is|You should talk to] {colleague} [in procurement|in our purchasing team]: {ref_email}.",
        "[That would be|That's] {colleague}'s [area|call]. [Reach her|Reach him|Contact them] at {ref_email}.",
        "[I'm passing you to|Handing you over to] {colleague}, [who|as she] [runs operations|handles facilities]. [Email|Address]: {ref_email}",
        "[{colleague} does|{colleague} is in charge of] [facilities|buying] [for the practice|here], [reach out to|contact] them.",
    ],
    "not_interested": [
        "[Not at all interested|Not interested at all], [thanks|thank you].",
        "[We'll pass on this|We're going to pass on this one].",
        "[This isn't something we need|We have no need for this]. [Thanks anyway.|All the best.]",
        "[I don't think so|Don't think so], [thanks|but thanks].",
        "[Not relevant|Not relevant for us]. [We're fine as we are.|We're good.]",
        "[We've decided not to|We decided not to] [pursue|look into] [this|outsourcing]. [Thank you.|Thanks for understanding.]",
    ],
    "unsubscribe": [
        "[Remove|Please remove] [this address|my email] from [your database|your system|all your lists].",
        "[STOP|Stop]. [Don't email me again.|No more.]",
        "[Please stop contacting me|Stop reaching out to me]. [I'm not interested.|Not interested.]",
        "[Unsubscribe|Unsub] [please|pls]",
        "[I'd like to be removed|I want off] [from this list|this list]. [Thanks.|Thx.]",
        "[Take me off your list|Put me on your do-not-contact list], [thank you|please].",
    ],
    "out_of_office": [
        "[I am out of the office|I'm out] [until|through] {return}. [I will have no access to email.|Email will not be checked.]",
        "[I'm on PTO|I'm on paid time off] [and back|returning] {return}. [Reply after that for a response.|I'll respond when I'm back.]",
        "[I'm away from my desk|I'm away] [on business|for training] and [back|will be back] {return}.",
        "[I'm currently out|Currently out of the office] [on leave|on vacation]. [I'll respond|I will reply] as soon as I can.",
        "[Our office is closed|The office is closed] [for the holiday|for the week] and [reopens|will reopen] {return}.",
        "[Thank you for your email.|Thanks for writing.] [I'm out|I am away] [today and tomorrow|this week] [with limited access to email|and checking email occasionally].",
    ],
    "wrong_person": [
        "[I'm not sure why I got this|Not sure why you emailed me]. [I don't handle that.|That's not my job.]",
        "[I work in billing|I'm in billing|I'm in IT], [not facilities|not operations]. [Can't help, sorry.|Sorry.]",
        "[I'm no longer with|I've left] {company}. [This address will be closed soon.|This mailbox is being shut down.]",
        "[You've reached|You emailed] [a physician|a clinician], not [an administrator|the office]. [I don't buy anything.|Wrong contact.]",
        "[I'm not the decision maker|I don't make these decisions] and [couldn't tell you|have no idea] who [does|is].",
        "[This is a personal email|This is my personal address] and [I'm not affiliated|I'm not connected] with {company}.",
    ],
    "auto_reply_other": [
        "[We have received your email|Your email has been received]. [This is an automatic confirmation.|No need to reply.]",
        "[Thank you for your submission.|Thanks for reaching out.] [Case|Request] {ticket} [has been logged|has been created]. [Please keep this number for reference.|Quote it in any reply.]",
        "[This address no longer accepts email|Emails to this address are not read]. [Please call the office.|Please phone us instead.]",
        "[Please note|Note] that [this inbox|this email address] is [for patients only|for patient enquiries only]. [Vendor emails are not answered.|Sales emails will be deleted.]",
        "[Delivery to the following recipient is delayed|Your message is queued]: {me_email}. [The server will keep trying.|No action is required.]",
        "[Thank you for your email. |][Our team is working through a backlog|We are currently short staffed] and [will reply as soon as possible|will be in touch soon].",
    ],
}

# a third round, for the intents the held-out evaluation confused most
EXTRA["interested"] += [
    "[Count me in|Count us in]. [Let's find a time|Let's get something on the calendar].",
    "[This could help us a lot|This might solve a real problem for us]. [Can we talk|Let's talk] [soon|this week]?",
    "[I forwarded this to my partner and we both want to|My partner and I would like to] [meet|hear more]. [Any time Tuesday works.|Send options.]",
    "[Absolutely|Definitely], [please reach out|please call] to [set up a time|schedule a meeting].",
]
EXTRA["question"] += [
    "[I have a few questions first.|Couple of questions.] [Are you unionized?|Do you subcontract?] [And who supervises the crew?|Who checks the work?]",
    "[Can you clarify|Could you clarify] [what|which] [services|equipment] [are|is] [covered|included] in the base price?",
    "[Do you|Would you] [provide|supply] [the products|the cleaning supplies] or [do we|would we]?",
    "[Curious —|Just wondering,] how [do you handle|would you handle] [sharps disposal|biohazard waste]?",
]
EXTRA["objection_timing"] += [
    "[We just started|We're just starting] [a big renovation|a merger], [so|and] [this will have to wait|it'll have to wait] [until {month}|a few months].",
    "[Reach back out|Come back to me] [around|in] {month}. [Right now|At the moment] [isn't a good time|is not the moment].",
    "[Let me get through|Once I get through] [year-end|our audit] [and then|then] [we can chat|we'll talk]. [Probably {month}.|Say {month}.]",
    "[Maybe down the road|Possibly later on], [but not this quarter|not in the next few months].",
]
EXTRA["objection_budget"] += [
    "[We'd love to, but|I'd like to, but] [the money isn't there|we simply can't pay for it] [this year|right now].",
    "[Price is a dealbreaker|The cost is a dealbreaker] for [a practice our size|us].",
    "[Spending is frozen|There's a spending freeze] [across the group|company-wide] [until {month}|for the rest of the year].",
    "[We already cut|We've cut] [our cleaning budget|our facilities budget] [by 20%|in half]; [no way|there's no way] we [add|can add] [a new contract|this].",
]
EXTRA["objection_has_solution"] += [
    "[We're all set|We're good] [on this front|here] — [our team|our own people] [takes care of it|handle it].",
    "[We use|We work with] a [local company|local contractor] [we trust|we really like], [so|and] [we'll stick with them|we're staying put].",
    "[It's handled|That's taken care of] [by the hospital|by the health system we belong to].",
    "[We already pay for|We already have] [this|a service like this] [through|via] {competitor}.",
]
EXTRA["not_interested"] += [
    "[No interest|Zero interest], [thanks|sorry].",
    "[Not something we'd buy|We wouldn't buy this]. [Good luck though.|All the best.]",
    "[I'll decline|I'm declining], [thank you|thanks for thinking of us].",
    "[Nope, not for us|Not for our clinic], [but thanks|thanks].",
]
EXTRA["auto_reply_other"] += [
    "[This is an automated acknowledgement.|Automatic acknowledgement:] [We've got your message|Your email arrived safely] [and will be in touch|and a team member will respond].",
    "[Hi there!|Hello!] [Thanks for your email.|Thanks for getting in touch.] [We usually reply within a day.|Expect a reply within one business day.]",
    "[Your email could not be processed|We could not process your email] [because this address only accepts|as we only accept] [patient referrals|invoices].",
    "[Note: this is an unmonitored mailbox.|This mailbox is unmonitored.] [For billing, call us.|For scheduling, use the patient portal.]",
]
