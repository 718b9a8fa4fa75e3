"""Sign-up creates a tenant and its first user, logs them in and leads to API keys."""
from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Tenant, User
from billing.plans import FREE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_creates_tenant_and_user_and_logs_in():
    client = Client()
    response = client.post("/signup/", {"email": "New@Example.com", "organisation": "Initech", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/settings/api-keys/"
    user = User.objects.get(email="new@example.com")
    assert user.tenant.name == "Initech" and user.tenant.plan == FREE
    assert user.check_password(PASSWORD)
    assert client.get("/dashboard/").status_code == 200


def test_signup_refuses_an_existing_email():
    Client().post("/signup/", {"email": "dup@example.com", "password": PASSWORD})
    response = Client().post("/signup/", {"email": "DUP@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Tenant.objects.count() == 1


def test_signup_refuses_a_weak_password():
    response = Client().post("/signup/", {"email": "weak@example.com", "password": "password"})
    assert response.status_code == 200
    assert not User.objects.filter(email="weak@example.com").exists()
    assert "too common" in response.content.decode()


def test_login_and_logout():
    Client().post("/signup/", {"email": "bob@example.com", "password": PASSWORD})
    client = Client()
    assert client.get("/dashboard/").status_code == 302
    response = client.post("/login/", {"username": "bob@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    client.post("/logout/")
    assert client.get("/dashboard/").status_code == 302


def test_password_reset_sends_a_working_link():
    Client().post("/signup/", {"email": "carol@example.com", "password": PASSWORD})
    client = Client()
    client.post("/password-reset/", {"email": "carol@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "another long passphrase 42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert User.objects.get(email="carol@example.com").check_password(new_password)


def test_password_reset_for_unknown_email_reveals_nothing():
    response = Client().post("/password-reset/", {"email": "nobody@example.com"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 0
    assert "If an account exists" in response.content.decode()
