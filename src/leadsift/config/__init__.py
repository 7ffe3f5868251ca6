"""Settings (leadsift.toml), the innermost layer above the domain: every other layer may
read them, and they import nothing of the layers that use them."""
