"""Resident learning: catalogues, anonymous progress, quiz grading and attempts."""
