"""rights models."""
