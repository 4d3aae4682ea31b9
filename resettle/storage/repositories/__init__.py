"""Repositories: queries and writes for one aggregate each; no business rules."""
