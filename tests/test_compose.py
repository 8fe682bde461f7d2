"""docker-compose.yml against the Compose specification's JSON schema (as vendored by
check-jsonschema), since no Docker engine is at hand to run it; and the topology it shows:
two web processes and two workers (issue 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def test_docker_compose_yml_follows_the_compose_specification() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec"]
        + [str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok -- validation done" in checked.stdout


def test_the_schema_check_refuses_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    image: redress\n    restart_policy: always\n")
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec"]
        + [str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 1 and "'restart_policy' was unexpected" in checked.stdout


def test_the_sketch_runs_two_web_processes_and_two_workers() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    webs = [
        name
        for name, service in services.items()
        if service.get("command") == ["python", "-m", "web"]
    ]
    assert webs == ["redress-web-1", "redress-web-2"]
    assert {services[name]["environment"]["REDRESS_WEB_HOST"] for name in webs} == {"0.0.0.0"}
    assert services["redress-worker"]["deploy"]["replicas"] == 2
