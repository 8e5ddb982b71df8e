"""Administration use cases for the /beheer screens: each change is audited in the same
transaction as the change itself."""
