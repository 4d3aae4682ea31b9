"""Signing in and staying signed in: the sign-in, password and first-administrator dialogs,
the idle lock, and the banners that say who is signed in and that the data is a demo.

Nothing here calls a service: each dialog takes plain callables (``outcome.py``), so the app
wires them to the services and tests pass stubs.
"""
