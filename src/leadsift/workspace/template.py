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

[report]
# Currency the report shows money in (ISO 4217).
currency = "USD"
"""
