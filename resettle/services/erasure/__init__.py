"""Erasing one person's data from every table that holds it (``erase.py``), what that covers
(``coverage.py``), and the certificate written afterwards (``certificate.py``)."""
