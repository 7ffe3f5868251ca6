"""The healthcare-vendor demo scenario: a synthetic market, campaigns and ground truth."""
