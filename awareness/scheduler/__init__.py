"""scheduler domain."""
