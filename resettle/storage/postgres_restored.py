"""What a PostgreSQL restore checks in the database it has just restored, before this
version's security is applied again (``services/backup.py``; a failure puts the database as
it was back):

- ``unexpected_objects``: anything in ``public`` a restore never makes
  (``postgres_dump.RESTORED_KINDS``), which only a hand-made archive could have slipped in
  (a statement inside an entry of a kind the restore takes): a function, view, type,
  trigger, rule or policy that no extension owns, row-level security switched on, or any
  grant on a table or sequence;
- ``schema_differences``: once upgraded, the tables and their columns are this version's
  models' exactly (a missing, extra or changed table or column is named).
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from resettle.storage.base import Base

_NOT_EXTENSIONS = """
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass
                  AND d.objid = {oid} AND d.deptype = 'e')"""

_UNEXPECTED = (
    "SELECT 'function ' || p.proname FROM pg_proc p "
    "WHERE p.pronamespace = 'public'::regnamespace"
    + _NOT_EXTENSIONS.format(catalog="pg_proc", oid="p.oid")
    + " UNION ALL SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'view ' "
    "ELSE 'foreign table ' END || c.relname FROM pg_class c "
    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm', 'f')"
    + _NOT_EXTENSIONS.format(catalog="pg_class", oid="c.oid")
    + " UNION ALL SELECT 'grant on ' || c.relname FROM pg_class c "
    "WHERE c.relnamespace = 'public'::regnamespace AND c.relacl IS NOT NULL"
    + _NOT_EXTENSIONS.format(catalog="pg_class", oid="c.oid")
    + " UNION ALL SELECT 'row-level security on ' || c.relname FROM pg_class c "
    "WHERE c.relnamespace = 'public'::regnamespace "
    "AND (c.relrowsecurity OR c.relforcerowsecurity)"
    " UNION ALL SELECT 'policy ' || pol.polname || ' on ' || c.relname "
    "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid "
    "WHERE c.relnamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'trigger ' || t.tgname || ' on ' || c.relname "
    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal"
    " UNION ALL SELECT 'rule ' || r.rulename || ' on ' || c.relname "
    "FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind <> 'v'"
    " UNION ALL SELECT 'type ' || t.typname FROM pg_type t "
    "WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r') "
    + _NOT_EXTENSIONS.format(catalog="pg_type", oid="t.oid")
    + " ORDER BY 1"
)


def unexpected_objects(connection: Connection) -> list[str]:
    """What ``public`` holds that a restore never makes (empty: nothing), by kind and name."""
    return [str(row[0]) for row in connection.execute(text(_UNEXPECTED))]


def schema_differences(connection: Connection) -> list[str]:
    """How ``public``'s tables and columns differ from this version's models (empty: not)."""
    from resettle.storage.tables import import_all

    import_all()
    found = inspect(connection)
    present = set(found.get_table_names())
    expected = set(Base.metadata.tables) | {"alembic_version"}
    differences = [f"table {name} is missing" for name in sorted(expected - present)]
    differences += [f"table {name} is not Resettle's" for name in sorted(present - expected)]
    for name in sorted(present & set(Base.metadata.tables)):
        columns = {column["name"] for column in found.get_columns(name)}
        wanted = {column.name for column in Base.metadata.tables[name].columns}
        differences += [f"column {name}.{c} is missing" for c in sorted(wanted - columns)]
        differences += [f"column {name}.{c} is not Resettle's" for c in sorted(columns - wanted)]
    return differences
