"""The lock files agree with pyproject.toml and with what is installed: bootstrap, CI and the Docker
image install the pins, `pip install .` users get the ranges, and both must describe one set."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.targets.launcher import REPO_ROOT

PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;#]+)\s*(?:;\s*(?P<marker>[^#]+?))?\s*(?:#.*)?$")


def pins(lock: str) -> dict[str, Version]:
    """The versions a lock file gives this interpreter (its markers evaluated here)."""
    found: dict[str, Version] = {}
    for line in (Path(REPO_ROOT) / lock).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{lock}: not an exact pin: {line!r}"
        if match["marker"] and not Marker(match["marker"]).evaluate():
            continue
        found[canonicalize_name(match["name"])] = Version(match["version"])
    return found


def project_requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((Path(REPO_ROOT) / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(item) for item in listed]


@pytest.mark.parametrize(("lock", "extras"), [("requirements.txt", ()), ("requirements-dev.txt", ("test", "dev"))])
def test_each_lock_pins_every_requirement_within_its_range(lock, extras):
    pinned = pins(lock)
    for requirement in project_requirements(*extras):
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} does not pin {requirement.name}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), \
            f"{lock} pins {name}=={pinned[name]}, outside pyproject.toml's {requirement}"


def test_the_development_lock_keeps_the_runtime_pins():
    runtime, development = pins("requirements.txt"), pins("requirements-dev.txt")
    differing = {name: (version, development.get(name)) for name, version in runtime.items()
                 if development.get(name) != version}
    assert not differing, differing


def test_the_environment_running_the_tests_is_the_locked_one():
    installed = {canonicalize_name(item.metadata["Name"]): Version(item.version) for item in metadata.distributions()}
    differing = {name: (version, installed.get(name)) for name, version in pins("requirements-dev.txt").items()
                 if installed.get(name) != version}
    assert not differing, f"installed versions differ from requirements-dev.txt (pinned, installed): {differing}"
