"""The commented leadsift.toml that `leadsift init` writes."""

from __future__ import annotations

SETTINGS_TEMPLATE = """\
# leadsift workspace settings.
# Every key is optional; the value shown is the default unless it says otherwise.
# Docs: docs/configuration.md

[database]
# SQLAlchemy URL of the workspace database. A relative SQLite path is relative to this
# file's folder. For a shared workspace use PostgreSQL, e.g.
#   url = "postgresql://user@db.example.com:5432/leadsift"
url = "{database_url}"

[import]
# Rows read, validated and written per batch. Larger batches are a little faster and
# use more memory; a 2 GB file is never read whole either way.
batch_rows = 50000
# Currency assumed for spend rows that leave the `currency` column empty (ISO 4217).
default_currency = "USD"

[target]
# Your target market: who you sell to. Fit scores compare every person and account to it.
# Industries of the accounts you sell to (matched case-insensitively).
industries = ["Medical Practice", "Hospital & Health Care", "Dental Practice", "Physical Therapy"]
# Countries you sell in (ISO 3166 alpha-2 codes).
countries = ["US", "CA", "GB"]
# Company size range, in employees.
employees_min = 5
employees_max = 2000
# Domains never counted as prospects (competitors, your own company).
exclude_domains = []
# Titles never counted as prospects.
exclude_titles = ["student", "intern"]
# Treat free-mail addresses (gmail.com, ...) as a weaker B2B fit.
free_mail_is_b2b_negative = true

# The roles you sell to. `titles` are examples and synonyms; matching is fuzzy.
# `seniority` runs from 1 (individual contributor) to 5 (owner / C-level).
[[target.roles]]
name = "Practice manager"
titles = ["Practice Manager", "Practice Administrator", "Office Manager", "Clinic Manager"]
seniority = 3

# Role: the clinical owner who signs off on the purchase.
[[target.roles]]
name = "Medical director"
titles = ["Medical Director", "Chief Medical Officer", "Physician Owner"]
seniority = 5

# Role: runs the building and its services.
[[target.roles]]
name = "Facility manager"
titles = ["Facility Manager", "Facilities Director", "Director of Clinic Operations"]
seniority = 3

[identity]
# Records with the same normalised email or phone are always one person. With probabilistic
# matching on, `leadsift score` also joins records that splink judges to be the same person
# (names, company, domain, title, phone, city; parameters estimated from your own contacts)
# at this probability or above. Review with `leadsift people duplicates`, undo a merge with
# `leadsift people split PERSON`.
probabilistic = true
match_threshold = 0.99
# Re-estimate the matcher once the contacts have grown by this factor.
retrain_growth = 1.5
# Phone numbers without a country code are read as numbers of this country.
phone_region = "US"
# Every row that describes a person is kept as an observation. A person's title, company,
# phone... come from the first of these source types that has a value, else from the most
# recent observation that has one. Types: crm, list, webinar, form, email, ads, event, api
# (each built-in map says its type; files in leadsift's own columns are "list").
source_priority = ["crm"]
# More evidence for probabilistic matching: attribute columns your files carry beside the
# contact fields, each with how to compare it: exact, edits (dates, codes), name, similar,
# or identifier (a customer number: compared by edits, and records sharing it are matched
# candidates). Changing this re-estimates the matcher at the next score. For example
#   match_attributes = {{ customer_number = "identifier", postcode = "edits" }}
match_attributes = {{}}

[fit]
# Fit (0-100) adds these points for each part of the target profile a person matches.
# A role match is scaled by its seniority: 60% for seniority 1 up to 100% for seniority 5.
role_points = 40
industry_points = 20
size_points = 10
country_points = 10
target_account_points = 20
# Points for a free-mail address (negative: a weaker B2B fit).
free_mail_points = -15
# How similar (0-100) a title must be to a role's titles to count as that role.
title_match_threshold = 82
# Lowest fit for each grade; they must descend. Below grade_d is F.
grade_a = 80
grade_b = 60
grade_c = 40
grade_d = 20

[intent]
# Intent (0-100) from what people did: each kind's points, halved every half_life_days.
half_life_days = 30
# At most this many events of one kind per person per day count.
daily_cap = 3
# Diminishing returns: each further event of a kind counts this fraction of the one before.
repeat_factor = 0.5

# Points per touch kind (negative for signals against buying). Kinds not listed count 0.
[intent.weights]
open = 1
click = 4
reply = 25
visit = 2
download = 10
form_submit = 12
register = 10
attend = 18
no_show = -3
view = 1
like = 1
share = 3
comment = 4
follow = 1
mention = 3
call_connected = 6
call_positive = 30
call_negative = -30
demo_request = 40
contact_request = 35
meeting_booked = 45
unsubscribe = -25
bounce = -10
spam_report = -40

[stages]
# MQL: fit grade at least mql_min_grade and intent at least mql_min_intent ...
mql_min_grade = "B"
mql_min_intent = 40
# ... or a hand-raise (these touch kinds) with a grade of at least hand_raise_min_grade.
hand_raises = ["demo_request", "contact_request", "meeting_booked"]
hand_raise_min_grade = "D"
# SQL: qualified, a grade of at least sql_min_grade, and one of these sales signals.
sql_min_grade = "C"
sql_signals = ["call_positive", "meeting_booked", "reply"]
# A qualified person whose intent falls below this moves to nurture (recorded in history).
nurture_below_intent = 10

[authenticity]
# Email: a click this many seconds after sending, or this many links clicked in one second,
# is a security scanner; an open this soon from a privacy-proxy network is a proxy open.
scanner_max_seconds = 30
scanner_links_same_second = 3
proxy_max_seconds = 120
# Hidden links in your emails that only scanners click (full URLs).
honeypot_urls = []
# Forms: filled faster than this many seconds (the touch's value) is a bot; this many
# sign-ups from one network within signup_burst_minutes are spam.
form_min_seconds = 3
signup_burst_minutes = 10
signup_burst_size = 10
# Social: a profile the classifier scores at least this is a bot.
bot_probability = 0.5
# Bursts: a window of follows/likes/shares burst_factor times a campaign's usual rate (and
# at least burst_min_events), mostly from bot-like accounts, is a coordinated burst.
burst_window_minutes = 60
burst_factor = 5
burst_min_events = 25

[report]
# Currency the report shows money in (ISO 4217).
currency = "USD"

[attribution]
# How the report credits qualified leads, meetings, pipeline and revenue to campaigns: first,
# last, last_non_direct, linear, u, w (W-shaped: 30% first touch, 30% lead creation, 30%
# opportunity creation, 10% the rest), full_path, time_decay, markov, shapley, shapley_ordered.
model = "w"
# A touch counts for an outcome only this many days before it.
lookback_days = 90
# time_decay: a touch this many days older counts half as much.
half_life_days = 7
# markov: how many past touches a state remembers (1-3).
markov_order = 1

# `leadsift spread compare` in meetings per dollar: the chance that a person in the market
# takes a meeting (or qualifies) when reached by a share or directly, where the workspace has
# too little history to learn it (docs/spread.md says where these figures come from).
# Uncomment the section to change them.
# [outreach]
# share_meeting_rate = 0.002
# direct_meeting_rate = 0.015
# share_qualified_rate = 0.01
# direct_qualified_rate = 0.04
# Cost of reaching one person directly, and of a seed's post when the node table has no cost.
# outreach_cost_per_contact = 8
# seed_cost = 50

[service]
# `leadsift serve`: a track call's event name -> "channel/kind" of leadsift's vocabulary.
# Names not listed are left out and counted in the answer. Unset, the table covers Segment's
# email, form and video events ("Email Opened" = "email/open", "Form Submitted" =
# "web/form_submit", ...; docs/service.md). Setting it replaces the whole table, e.g.
#   events = {{ "Email Opened" = "email/open", "Webinar Joined" = "webinar/attend" }}

# Webhooks: a tool posts its events to /v1/webhooks/NAME (docs/webhooks.md). provider is
# sendgrid, mailgun, hubspot, mailchimp or standard (Standard Webhooks: tracking calls);
# secret_env names the environment variable that holds the signing secret (SendGrid: its
# verification public key; Mailchimp: the key in the URL), never the secret itself. Optional:
# campaign fills touches that name none; public_url is the URL HubSpot calls, behind a proxy.
#   [service.webhooks.sendgrid]
#   provider = "sendgrid"
#   secret_env = "LEADSIFT_SENDGRID_KEY"
"""
