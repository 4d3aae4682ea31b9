"""Use cases of the case record: needs, essentials, aftercare, notes and risk."""
