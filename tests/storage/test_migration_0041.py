"""Migration 0041: ``support_need_catalogue.plain_title`` and ``plain_sentence``, empty for every
entry there is (the default entries keep the words in the code, an administrator's entry has
none until relabel gives them); the columns go again on downgrade; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from resettle.domain.catalogue_plain import plain_words
from resettle.services.case_record.needs import catalogue_of
from tests.storage.migration_steps import migration_steps


class _Case:
    def __init__(self, session: Session) -> None:
        from resettle.storage.repositories.case_record import CaseRecordRepository

        self.case = CaseRecordRepository(session)


def test_entries_there_keep_their_words_and_the_columns_go_on_downgrade(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0040")
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO support_need_catalogue "
                    "(code, pathway, section, label, active, needs_detail, position) "
                    "VALUES ('veterans_housing', 'accommodation', '', 'Veterans', true, "
                    "false, 999)"
                )
            )
        migrate("0041")
        with Session(engine) as session:
            entries = {e.code: e for e in catalogue_of(_Case(session)).entries}  # type: ignore[arg-type]
        assert entries["veterans_housing"].plain is None
        default = entries["help_to_find_accommodation"]
        assert default.plain_title == "" and default.plain == plain_words(default.code)
        migrate("0040", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("support_need_catalogue")}
        assert not columns & {"plain_title", "plain_sentence"}
