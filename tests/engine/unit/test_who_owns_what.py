"""Who an identity is, from a login answer that nests it, and which owner-like fields name it."""
from __future__ import annotations

from scans.engine.kb import jsondata
from scans.engine.kb.selfinfo import own_value_for, self_info_from


def test_a_login_answer_gives_the_account_number_and_the_nested_user() -> None:
    answer = {"token": "t", "accountNumber": "7459751271", "isAdmin": False,
              "debug_info": {"user_id": 2, "username": "alice1", "is_admin": False}}
    info = self_info_from(answer, source="login response")
    assert (info.account, info.user_id, info.username, info.privileged) == ("7459751271", "2", "alice1", False)
    assert own_value_for("account_number", info) == "7459751271"
    assert own_value_for("username", info) == "alice1"
    assert own_value_for("code", info) == ""


def test_every_owner_like_value_of_a_record_is_offered_for_matching() -> None:
    record = {"id": 5, "user_id": 99, "owner_email": "alice@ledger.test", "author": {"username": "alice"}}
    assert jsondata.owner_values(record) == ["99", "alice", "alice@ledger.test"]
