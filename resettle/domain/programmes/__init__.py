"""Programmes delivered in custody or the community: the programme catalogue (what a programme
is, who it fits), offerings and groups (where and when it runs) and the sessions a group's
weekly schedule generates. Not to be confused with ``domain/catalogue.py``, the catalogue of
support needs."""
