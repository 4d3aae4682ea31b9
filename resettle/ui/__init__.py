"""The Qt (PySide6) user interface. Calls services; never touches the ORM or a Session."""
