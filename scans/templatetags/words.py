"""`{{ value|words }}`: the word for people for a stored value (see `scans.vocabulary`)."""
from __future__ import annotations

from django import template

from scans.vocabulary import word

register = template.Library()
register.filter("words", word)
