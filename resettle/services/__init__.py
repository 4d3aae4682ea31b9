"""Use cases: one function per user action, taking the acting user first.

Each function opens the unit of work it is given, checks the actor's permission and scope,
makes the change, writes the audit row and commits, all in one transaction.
"""
