"""`python -m tests.targets.drf_shop.server --port 0 --flaws all|none|a,b`: serve the shop API.

Django runs in this process only, with its own settings module and a SQLite file in the folder
`NAT_TARGET_DB_DIR` names (the launcher makes and removes it), else in a temporary folder removed
at exit; tables are created straight from the models, no migrations.
"""
from __future__ import annotations

import os
import shutil
import tempfile

from tests.targets.drf_shop import FLAWS
from tests.targets.serving import Recorder, parse_flaws, serve, server_arguments

SEEDED_USERS = (
    ("alice", "alice@shop.test", "alice-pass-1", "customer"), ("bob", "bob@shop.test", "bob-pass-2", "customer"),
    ("carol", "carol@shop.test", None, "customer"), ("admin", "admin@shop.test", None, "admin"),
)
CLIENTS = (("alice-cli", "alice-cli-secret", "alice"), ("bob-cli", "bob-cli-secret", "bob"))


def seed() -> set[str]:
    """Users, clients, products, orders and addresses; returns the `collection/id` keys of seeded objects."""
    import secrets

    from tests.targets.drf_shop.models import (
        Address,
        Client,
        Order,
        Product,
        Review,
        User,
        make_password,
    )

    seeded: set[str] = set()
    users = {}
    for username, email, password, role in SEEDED_USERS:
        user = User.objects.create(username=username, email=email, role=role,
                                   password=make_password(password or secrets.token_hex(12)))
        users[username] = user
        seeded.add(f"users/{user.id}")
    for client_id, secret, username in CLIENTS:
        Client.objects.create(client_id=client_id, secret=secret, user=users[username])
    products = [Product.objects.create(name=name, price=price, internal_cost=cost)
                for name, price, cost in (("Kettle", "39.90", "12.10"), ("Teapot", "24.50", "6.00"),
                                          ("Mug", "9.90", "1.20"))]
    Product.objects.bulk_create(Product(name=f"{kind} no. {number}", price="4.90", internal_cost="1.00")
                                for number in range(1, 50) for kind in ("Spoon", "Saucer", "Coaster"))
    for product in products:
        seeded.add(f"products/{product.id}")
    for username, product in (("alice", products[0]), ("bob", products[1]), ("carol", products[2])):
        order = Order.objects.create(owner=users[username], product=product, quantity=1, total=product.price,
                                     note=f"{username}'s first order")
        seeded.add(f"orders/{order.id}")
    for username, city in (("alice", "Lyon"), ("bob", "Porto"), ("carol", "Oslo")):
        address = Address.objects.create(owner=users[username], label="home", street="1 Main Street", city=city)
        seeded.add(f"addresses/{address.id}")
    review = Review.objects.create(owner=users["carol"], product=products[2], rating=4, text="Sturdy mug.")
    seeded.add(f"reviews/{review.id}")
    return seeded


def main() -> None:
    args = server_arguments(__doc__ or "")
    given = os.environ.get("NAT_TARGET_DB_DIR", "")
    folder = given or tempfile.mkdtemp(prefix="nat-shop-")
    os.environ["NAT_TARGET_DB_DIR"] = folder
    os.environ["NAT_TARGET_FLAWS"] = ",".join(sorted(parse_flaws(args.flaws, FLAWS)))
    os.environ["NAT_TARGET_SESSION_TTL"] = str(args.session_ttl or 3600)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.targets.drf_shop.settings"
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from tests.targets.drf_shop.models import ALL_MODELS

    try:
        with connection.schema_editor() as editor:
            for model in ALL_MODELS:
                editor.create_model(model)
        seeded = seed()
        connection.close()
        recorder = Recorder(get_wsgi_application(), seeded=lambda: seeded, throttle_every=args.throttle_every,
                            delay=args.delay)
        serve(recorder, port=args.port)
    finally:
        if not given:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
