"""Who may use the service: API keys and the audit log."""
