"""Settings: defaults for one machine, refusals for production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from settings import DEV_SECRET_KEY, Settings, to_asyncpg_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "DATABASE_URL",
        "REDRESS_DATABASE_URL",
        "REDRESS_ENVIRONMENT",
        "REDRESS_SECRET_KEY",
        "REDRESS_DATA_DIR",
        "REDRESS_DOCUMENTS_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (
            "postgresql://postgres:@/redress?host=/tmp/pgdata",
            "postgresql+asyncpg://postgres@/redress?host=/tmp/pgdata",
        ),
        (
            "postgresql://redress:s3cret@db.internal:5432/redress",
            "postgresql+asyncpg://redress:s3cret@db.internal:5432/redress",
        ),
        ("postgres://db/redress", "postgresql+asyncpg://db/redress"),
    ],
)
def test_to_asyncpg_url_names_the_driver_and_drops_an_empty_password(
    reported: str, expected: str
) -> None:
    assert to_asyncpg_url(reported) == expected


def test_to_asyncpg_url_refuses_other_databases() -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL URI"):
        to_asyncpg_url("mysql://root@localhost/redress")


def test_defaults_run_everything_on_this_machine(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.environment == "dev"
    assert settings.data_dir == tmp_path / ".redress"
    assert settings.documents_path == tmp_path / ".redress" / "documents"
    assert settings.database_url is None
    assert (settings.temporal_address, settings.task_queue) == ("localhost:7233", "complaints")


def test_plain_database_url_is_accepted_and_made_async(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres:@/redress?host=/run/pg")
    assert Settings().database_url == "postgresql+asyncpg://postgres@/redress?host=/run/pg"


def test_prefixed_variables_configure_each_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDRESS_SMTP_PORT", "2525")
    monkeypatch.setenv("REDRESS_DOCUMENTS_DIR", "/srv/documents")
    settings = Settings()
    assert settings.smtp_port == 2525
    assert settings.documents_path == Path("/srv/documents")


def test_production_refuses_the_development_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDRESS_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="REDRESS_SECRET_KEY is still the development"):
        Settings()
    monkeypatch.setenv("REDRESS_SECRET_KEY", "a-long-random-production-value")
    monkeypatch.setenv("REDRESS_PAYLOAD_KEYS", f"k1:{'A' * 43}=")  # production needs its keys
    assert Settings().secret_key != DEV_SECRET_KEY
