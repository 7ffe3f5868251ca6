"""One person across channels and sources; one account per company."""
