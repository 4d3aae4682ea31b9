"""What the screen packages share: the case-record session and the PersonTab base class, the
generic column table model, table views, widgets, message boxes and on-screen labels.

Nothing here imports a screen package (``ui/person``, ``ui/plan``, ``ui/evidence``): an
import-linter contract keeps it that way.
"""
