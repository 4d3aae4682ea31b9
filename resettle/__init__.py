"""Resettle: offender resettlement case management."""

__version__ = "0.1.0"
