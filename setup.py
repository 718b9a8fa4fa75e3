"""Ships the top-level templates/ and static/ (the SPEC's layout) inside nat_site in built wheels.

Settings use the top-level folders in a checkout and nat_site/templates, nat_site/static when
installed from a wheel. All other metadata is in pyproject.toml.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSET_FOLDERS = ("templates", "static")


class BuildPyWithAssets(build_py):
    def run(self) -> None:
        super().run()
        for folder in ASSET_FOLDERS:
            shutil.copytree(folder, Path(self.build_lib) / "nat_site" / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithAssets})
