"""Settings for every redress process, read once from the environment.

Each variable is ``REDRESS_<FIELD>`` (for example ``REDRESS_TEMPORAL_ADDRESS``); the
database URL is also accepted as plain ``DATABASE_URL``, the name most hosts set.
The defaults run the whole stack on one machine (``python3 dev.py up``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from codec import parse_keys
from models.calendar import Closures

# Good enough to sign a developer's session cookie, never a tenant's.
DEV_SECRET_KEY = "dev-only-secret-key-change-me"

_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


def to_asyncpg_url(uri: str) -> str:
    """Turn a libpq-style PostgreSQL URI into the SQLAlchemy asyncpg form.

    ``postgresql://postgres:@/redress?host=/run/pg`` (what embedded PostgreSQL reports)
    becomes ``postgresql+asyncpg://postgres@/redress?host=/run/pg``: the driver is named
    and an empty password is dropped, so asyncpg does not send one.
    """
    parts = urlsplit(uri)
    if parts.scheme not in _POSTGRES_SCHEMES:
        raise ValueError(f"not a PostgreSQL URI: {uri!r}")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at and userinfo.endswith(":"):
        userinfo = userinfo[:-1]
    netloc = f"{userinfo}@{hostport}" if at else hostport
    return urlunsplit(("postgresql+asyncpg", netloc, parts.path, parts.query, parts.fragment))


class Settings(BaseSettings):
    """Configuration shared by the worker, the web app, the starter and the dev stack."""

    model_config = SettingsConfigDict(
        env_prefix="REDRESS_",
        extra="ignore",
        validate_by_name=True,
        validate_by_alias=True,
        # Errors must not echo DATABASE_URL or the secret key into logs.
        hide_input_in_errors=True,
    )

    environment: Literal["dev", "test", "production"] = "dev"
    data_dir: Path = Path(".redress")
    # None means: the embedded PostgreSQL that `python -m devstack up` started.
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("REDRESS_DATABASE_URL", "DATABASE_URL"),
    )
    temporal_address: str = "localhost:7233"
    temporal_namespace: str = "default"
    task_queue: str = "complaints"
    temporal_ui_url: str = "http://localhost:8233"
    # The origin Temporal Web's browser requests to the codec endpoint come from (CORS);
    # None: the origin of temporal_ui_url.
    temporal_ui_origin: str | None = None
    # Keys encrypting every payload sent to Temporal: "id:base64key,..." newest first.
    # None: in dev and test a key made and kept in data_dir; elsewhere refused at start-up.
    payload_keys: SecretStr | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 8025
    # "none" for the local mail sink; "starttls" or "tls" for a real mail server.
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "complaints@example.org"
    # The web app's address as residents reach it, for the sign-in links we email them
    # (R-RES-1); None: the address the request came to (set it wherever a proxy is in front).
    public_url: str | None = None
    # The complaints mailbox (R-CHAN-2), read over IMAP on a schedule; no host: not read.
    # "tls" is IMAP over TLS (port 993); a password or an OAuth2 access token (XOAUTH2).
    imap_host: str | None = None
    imap_port: int = 143
    imap_security: Literal["none", "tls"] = "none"
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_oauth2_token: SecretStr | None = None
    imap_mailbox: str = "INBOX"
    imap_every_seconds: int = Field(default=60, ge=5, le=3600)
    # Where notices go when no member of staff can be found (e.g. no manager on file).
    complaints_team_email: str = "complaints-team@example.org"
    # R-HAZ-2: the member of staff on duty (an id in the staff directory) told at once, at
    # any hour, of an emergency hazard; None: the complaints team.
    hazard_duty_contact: str | None = None
    # R-RPT-2, R-GOV-2: the homes the landlord owns, for CH01 and the annual report's due
    # date (30 September for more than 1,000); 0: not set.
    homes: int = Field(default=0, ge=0)
    # R-GOV-4: the Member Responsible for Complaints, who gets the quarterly pack, and
    # governance's address, which gets it too; no MRC email: the pack goes to governance.
    mrc_name: str | None = None
    mrc_email: str | None = None
    governance_email: str = "governance@example.org"
    # None means data_dir / "documents"; filled in below.
    documents_dir: Path | None = None
    # "local" keeps documents in documents_dir; "s3" in an S3-compatible bucket.
    documents_store: Literal["local", "s3"] = "local"
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None  # e.g. a MinIO server; None: AWS
    s3_region: str | None = None
    s3_prefix: str = ""
    # None means data_dir / "print-queue": letters to post, as print-ready PDFs.
    print_queue_dir: Path | None = None
    # Processes rendering letters' PDFs beside the worker; 0: in the worker itself.
    render_processes: int = Field(default=1, ge=0, le=32)
    # GOV.UK Frontend's dist/govuk folder; None: node_modules beside the code (dev.py).
    govuk_frontend_dir: Path | None = None
    policy_profile: str = "seed"
    # Days the offices are closed, for the working-day calendar (R-TIME-1), written
    # "12-29,12-30,12-31,2026-06-15": month and day every year, or one date.
    closures: Annotated[Closures, NoDecode] = Closures()
    # R-DP-3: years personal data is kept after a complaint's record is complete (its
    # workflow ended); then the retention job erases it, keeping the figures for reports.
    retention_years: int = Field(default=6, ge=1, le=100)
    secret_key: str = DEV_SECRET_KEY
    web_host: str = "127.0.0.1"  # where `python -m web` listens
    web_port: int = 8000
    # Addresses (or networks) of proxies whose X-Forwarded-For/-Proto the web app believes,
    # comma-separated, e.g. "10.0.0.5,10.1.0.0/16"; empty: none, the peer is the client.
    trusted_proxies: str = ""
    # A staff session unused this long ends (R-DP-4); it ends after 8 hours in any case.
    session_idle_minutes: int = Field(default=30, ge=1, le=8 * 60)

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        # Child processes may run elsewhere; they must all see the same folder.
        return value.expanduser().absolute()

    @field_validator("closures", mode="before")
    @classmethod
    def _closures_from_text(cls, value: object) -> object:
        return Closures.from_setting(value) if isinstance(value, str) else value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        import ipaddress

        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        for entry in entries:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"REDRESS_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
                ) from None
        return ",".join(entries)

    @field_validator("database_url")
    @classmethod
    def _asyncpg_database_url(cls, value: str | None) -> str | None:
        if value is None or value.startswith("postgresql+asyncpg://"):
            return value
        if urlsplit(value).scheme in ("postgresql", "postgres"):
            return to_asyncpg_url(value)
        raise ValueError(
            "DATABASE_URL must be a PostgreSQL URL such as "
            "postgresql+asyncpg://user:password@host:5432/redress"
        )

    @model_validator(mode="after")
    def _derived_defaults_and_secrets(self) -> Settings:
        if self.documents_dir is None:
            self.documents_dir = self.data_dir / "documents"
        if self.print_queue_dir is None:
            self.print_queue_dir = self.data_dir / "print-queue"
        if self.documents_store == "s3" and not self.s3_bucket:
            raise ValueError("REDRESS_DOCUMENTS_STORE=s3 needs REDRESS_S3_BUCKET")
        if self.environment not in ("dev", "test") and self.secret_key == DEV_SECRET_KEY:
            raise ValueError(
                f"REDRESS_SECRET_KEY is still the development default; set it to a long "
                f"random value before running with REDRESS_ENVIRONMENT={self.environment}"
            )
        if self.payload_keys is not None:
            parse_keys(self.payload_keys.get_secret_value())  # a sentence if malformed
        elif self.environment not in ("dev", "test"):
            raise ValueError(
                f"REDRESS_PAYLOAD_KEYS is not set; residents' data in Temporal must be "
                f"encrypted with keys of your own when REDRESS_ENVIRONMENT={self.environment} "
                f"(id:base64 of 32 random bytes, newest first)"
            )
        if self.temporal_ui_origin is None:
            parts = urlsplit(self.temporal_ui_url)
            self.temporal_ui_origin = f"{parts.scheme}://{parts.netloc}"
        return self

    @property
    def print_queue_path(self) -> Path:
        """``print_queue_dir`` with its default applied (never None after validation)."""
        assert self.print_queue_dir is not None
        return self.print_queue_dir

    @property
    def documents_path(self) -> Path:
        """``documents_dir`` with its default applied (never None after validation)."""
        assert self.documents_dir is not None
        return self.documents_dir


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read from the environment on first use."""
    return Settings()
