"""staffquiz domain."""
