"""Use cases: one function per user action, ``use_case(actor, uow, ...)``.

Each opens the fresh unit of work it is given exactly once, checks the actor's permission and
scope, makes the change, writes its audit rows (``audit.record``) and commits, all in one
transaction. Internal loaders (``load_*``) run inside a caller's open unit of work and neither
audit nor commit. The UI and CLI call use cases through ``Workspace.run``.
"""
