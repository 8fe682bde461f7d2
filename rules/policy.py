"""Named, versioned policy profiles: the timescales a complaint is handled under (section 1).

Timescales are data, not code. Each profile version is one JSON file in
``rules/profiles/``: ``<name>.json`` for the first version and ``<name>.v<N>.json`` for
each later one; the ``name`` and ``version`` inside a file must agree with its file
name. Adding a version is adding a file, and an older version stays loadable, so a
complaint keeps the version it started under (record ``name`` and ``version`` with it).

Loading reads package data files. It is deterministic for a given installed release;
a workflow should still be handed the profile it runs under rather than load it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from models.policy import PolicyProfile

PROFILES_DIR = "profiles"

_FILE_NAME = re.compile(r"^(?P<name>[a-z0-9][a-z0-9-]*)(?:\.v(?P<version>[1-9][0-9]*))?\.json$")


class UnknownProfileError(LookupError):
    """No shipped profile has the name, or the version, asked for."""


def load_profile(name: str, version: int | None = None) -> PolicyProfile:
    """The profile ``name`` at ``version``, or its latest version when ``version`` is None.

    Raises ``UnknownProfileError`` (a ``LookupError``) naming the available profiles,
    or the available versions, when there is no such profile.
    """
    versions = _index().get(name)
    if versions is None:
        available = ", ".join(sorted(_index())) or "none"
        raise UnknownProfileError(f'no policy profile named "{name}"; available: {available}')
    if version is None:
        version = max(versions)
    if version not in versions:
        known = ", ".join(str(v) for v in sorted(versions))
        raise UnknownProfileError(
            f'policy profile "{name}" has no version {version}; it has {known}'
        )
    return versions[version]


def available_profiles() -> list[tuple[str, int]]:
    """Every (name, version) shipped, sorted by name then version."""
    return sorted((name, v) for name, versions in _index().items() for v in versions)


@cache
def _index() -> dict[str, dict[int, PolicyProfile]]:
    # Read once per process: the files are part of the installed release, so they
    # cannot change underneath a running worker.
    index: dict[str, dict[int, PolicyProfile]] = {}
    folder = resources.files("rules").joinpath(PROFILES_DIR)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        profile = read_profile_file(entry.name, entry.read_text("utf-8"))
        if profile.version in index.setdefault(profile.name, {}):
            raise ValueError(
                f"policy profile {profile.name} version {profile.version} is defined twice"
            )
        index[profile.name][profile.version] = profile
    return index


def read_profile_file(file_name: str, text: str) -> PolicyProfile:
    """Parse one profile file, insisting its contents agree with its file name."""
    match = _FILE_NAME.match(file_name)
    if match is None:
        raise ValueError(f'policy profile file "{file_name}" is not named <name>[.v<N>].json')
    profile = PolicyProfile.model_validate_json(text)
    if profile.name != match["name"]:
        raise ValueError(f'policy profile file "{file_name}" holds profile "{profile.name}"')
    if match["version"] is not None and int(match["version"]) != profile.version:
        raise ValueError(f'policy profile file "{file_name}" holds version {profile.version}')
    return profile
