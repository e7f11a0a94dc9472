"""The lock file `make install` uses pins every dependency pyproject.toml names (run `make lock` after adding one)."""

from __future__ import annotations

import re
import tomllib

from core.settings import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project.get("optional-dependencies", {}).get("dev", [])]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    missing = sorted({_name(r) for r in declared} - pinned - {"torch"})
    assert not missing, f"not in requirements.lock (run `make lock`): {', '.join(missing)}"
