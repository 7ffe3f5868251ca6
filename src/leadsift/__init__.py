"""leadsift: find the real, qualified people in B2B campaign engagement."""

__version__ = "0.1.0"
