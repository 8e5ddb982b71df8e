"""Municipalities (organisations), their departments and their staff roster."""
