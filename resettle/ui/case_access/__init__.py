"""Managers' decisions on who reaches whom: a person's restriction and exclusion lists
(``person_access_dialog``) and cover on the manager's teams (``cover_dialog``)."""
