"""billing.djstripe_migrations holds exactly dj-stripe's schema and replaces dj-stripe's own migrations."""
from __future__ import annotations

from io import StringIO
from pathlib import Path

import djstripe
import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def test_the_squashed_migration_matches_dj_stripes_models():
    out = StringIO()
    call_command("makemigrations", "djstripe", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_it_replaces_every_migration_dj_stripe_ships():
    shipped = {path.stem for path in (Path(djstripe.__file__).parent / "migrations").glob("0*.py")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    squashed = [m for (app, _), m in loader.disk_migrations.items() if app == "djstripe"]
    assert len(squashed) == 1
    assert {name for _, name in squashed[0].replaces} == shipped
