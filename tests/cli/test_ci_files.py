"""The GitHub Action and the Dockerfile hold together: inputs used exist, secrets never reach a script."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_action_inputs_are_declared_and_passed_through_the_environment():
    action = yaml.safe_load((REPO / "action.yml").read_text())
    declared = set(action["inputs"])
    used = set()
    for step in action["runs"]["steps"]:
        text = yaml.safe_dump(step)
        used |= set(re.findall(r"inputs\.([a-z0-9-]+)", text))
        if "run" in step:
            assert "${{" not in step["run"], f"step {step.get('name')} splices an expression into its script"
    assert used <= declared
    assert {"url", "fail-on", "api-key", "server", "sarif-file"} <= used
    assert action["runs"]["using"] == "composite"


def test_dockerfile_copies_every_package_the_distribution_needs():
    dockerfile = (REPO / "Dockerfile").read_text()
    for folder in ("nat_site", "accounts", "scans", "billing", "templates", "static"):
        assert f"COPY {folder} {folder}" in dockerfile
    assert "chromium" in dockerfile and "NAT_CHROMIUM_PATH" in dockerfile
    assert re.search(r"^USER nat$", dockerfile, re.M)
