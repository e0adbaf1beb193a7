"""hardship models."""
