"""axe-core comes from an installed package, or from NAT_AXE_PATH when set."""
from __future__ import annotations

import pytest

from scans.functional.axe import axe_script, find_axe
from scans.functional.errors import AxeNotFound


def test_installed_axe_core_is_found_and_readable(monkeypatch):
    monkeypatch.delenv("NAT_AXE_PATH", raising=False)
    path = find_axe()
    assert path.name == "axe.min.js"
    assert axe_script().lstrip().startswith("/*! axe v4.")


def test_nat_axe_path_wins(monkeypatch, tmp_path):
    script = tmp_path / "axe.min.js"
    script.write_text("/*! axe v9.9.9 */ window.axe = {};")
    monkeypatch.setenv("NAT_AXE_PATH", str(script))
    assert find_axe() == script
    assert "v9.9.9" in axe_script()


def test_a_missing_nat_axe_path_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("NAT_AXE_PATH", str(tmp_path / "absent.js"))
    with pytest.raises(AxeNotFound, match="NAT_AXE_PATH"):
        find_axe()
