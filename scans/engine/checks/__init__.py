"""Checks: registered units that propose candidates and confirm them into findings."""
