"""`nat keys create`: bootstrap a user, tenant and API key from a shell (self-hosted and scripts)."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from billing.plans import DEFAULT_PLANS


def register(commands: Any) -> None:
    keys = commands.add_parser("keys", help="manage API keys")
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        help="create an API key (and the user and tenant when missing); prints only the key on stdout",
    )
    create.add_argument("--email", required=True, help="owner's e-mail; the user and tenant are created if missing")
    create.add_argument("--plan", choices=sorted(DEFAULT_PLANS), help="set the tenant's plan")
    create.add_argument("--name", default="CLI key", help="a label for the key (default: %(default)s)")
    create.set_defaults(handler=create_key)


def create_key(options: argparse.Namespace) -> int:
    from nat_site.cli.django_setup import open_database

    open_database()
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from accounts.services import api_key_create, user_ensure

    try:
        validate_email(options.email)
    except ValidationError:
        print(f"nat keys create: {options.email!r} is not an e-mail address", file=sys.stderr)
        return 2
    user, created = user_ensure(email=options.email, plan=options.plan)
    issued = api_key_create(tenant=user.tenant, name=options.name, created_by=user)
    action = "Created user and tenant" if created else "Using existing user"
    print(f"{action} {user.email} (tenant {user.tenant.pk}, plan {user.tenant.plan}).", file=sys.stderr)
    print("New API key (shown once; NAT stores only its hash):", file=sys.stderr)
    print(issued.plaintext)
    return 0
