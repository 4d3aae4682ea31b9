"""Pure domain: Pydantic models, enums and rules. No Qt, no SQLAlchemy, no ReportLab."""
