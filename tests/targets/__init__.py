"""Deliberately vulnerable test APIs and their clean twins, served on loopback for the engine's tests.

Each target is a package with a `server` module run as a subprocess (`python -m … --port 0`), a
`FLAWS` set (the vulnerable mode plants all of them, the clean twin none) and a `PLANTED` table of
the findings each flaw must produce.
"""
