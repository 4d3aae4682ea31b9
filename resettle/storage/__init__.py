"""SQLAlchemy tables, unit of work, repositories, migrations and engine set-up."""
