"""A workspace: a folder with leadsift.toml and (by default) its SQLite database."""
