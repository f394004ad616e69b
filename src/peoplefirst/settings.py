"""Settings, read from the environment (prefix PEOPLEFIRST_) only when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from peoplefirst.domain.notifications import DEFAULT_WEBHOOK_HOSTS

PLACEHOLDER_SECRET = "change-me"


def _default_data_dir() -> Path:
    return Path(user_data_dir("peoplefirst", appauthor=False))


class Settings(BaseSettings):
    """Every setting PeopleFirst reads; each is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="PEOPLEFIRST_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        default="production",
        description="`development` allows the placeholder secret; use `production` when real people use it.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; unset means an SQLite file `peoplefirst.sqlite3` in the data directory. "
        "PostgreSQL: `postgresql+psycopg://user@host/db`.",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the embedded SQLite database lives.",
    )
    secret_key: str = Field(
        default=PLACEHOLDER_SECRET,
        description="Derives the form tokens (CSRF) from each sign-in. Must be changed outside "
        "development.",
    )
    dev_sign_in: bool = Field(
        default=False,
        description="Lets anyone sign in as any person by picking them from a list. Development only.",
    )
    page_size: int = Field(default=50, ge=1, le=500, description="Rows per page in the directory.")
    expert_index_recheck_seconds: float = Field(
        default=2.0,
        ge=0,
        description="How often a search checks whether the expert index must follow changes.",
    )
    evidence_half_life_days: float = Field(
        default=3 * 365.0,
        ge=0,
        description="Evidence this old counts half as much when finding experts; 0 turns ageing off.",
    )
    semantic_search: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="Sentence embeddings beside BM25 in the expert finder: `auto` uses them when the "
        "`semantic` extra is installed, `on` refuses to start without it, `off` never loads the model.",
    )

    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address people open the app at; links in e-mail and chat start with it.",
    )
    smtp_host: str = Field(
        default="",
        description="The SMTP server that sends e-mail; unset means e-mail is kept in the app, "
        "marked not sent.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="The SMTP server's port.")
    smtp_user: str = Field(default="", description="SMTP login name; unset means no login.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(
        default="PeopleFirst <peoplefirst@localhost>",
        description="The From address of every e-mail.",
    )
    smtp_starttls: bool = Field(
        default=True, description="Upgrade the SMTP connection with STARTTLS before logging in."
    )
    chat_webhook_url: str = Field(
        default="",
        description="The organization's chat webhook (Slack-compatible), for people who set none.",
    )
    chat_webhook_hosts: str = Field(
        default=",".join(DEFAULT_WEBHOOK_HOSTS),
        description="Comma-separated hosts a person's own chat webhook may point to "
        '("*.example.com" allows its subdomains); the server posts only there.',
    )
    worker_poll_seconds: float = Field(
        default=5.0, gt=0, description="How long the worker sleeps when no job is due."
    )
    job_max_attempts: int = Field(
        default=5, ge=1, le=100, description="Tries of a failing job before it stops, with backoff."
    )
    relationship_grace_days: int = Field(
        default=14,
        ge=1,
        le=365,
        description="Days between the warning to a pair that has not met for two cadences and "
        "PeopleFirst concluding their relationship.",
    )
    job_lease_seconds: float = Field(
        default=600.0,
        gt=0,
        description="A job claimed this long ago by a worker that stopped is run again.",
    )
    oidc_issuer: str = Field(
        default="",
        description="The OpenID Connect provider's issuer URL; with a client id it turns on "
        "single sign-on.",
    )
    oidc_client_id: str = Field(default="", description="PeopleFirst's client id at the provider.")
    oidc_client_secret: str = Field(
        default="", description="PeopleFirst's client secret at the provider."
    )
    oidc_scopes: str = Field(
        default="openid email profile", description="The scopes asked of the provider."
    )
    oidc_match_claim: str = Field(
        default="email",
        pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
        description="The ID token claim that finds the person: `email` matches e-mail addresses "
        "(any case), any other claim (e.g. `employee_id`) matches employee ids.",
    )
    oidc_create_people: bool = Field(
        default=False,
        description="Create a person on their first single sign-on when nobody matches.",
    )
    oidc_label: str = Field(
        default="single sign-on",
        max_length=60,
        description='The provider\'s name on the "Sign in with …" button.',
    )

    @property
    def webhook_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip() for h in self.chat_webhook_hosts.split(",") if h.strip())

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @model_validator(mode="after")
    def _refuse_unsafe_settings(self) -> Settings:
        if self.environment == "production" and self.dev_sign_in:
            raise ValueError(
                "PEOPLEFIRST_DEV_SIGN_IN is refused when PEOPLEFIRST_ENVIRONMENT=production"
            )
        if self.oidc_issuer:
            issuer = urlsplit(self.oidc_issuer)
            local = issuer.hostname in {"localhost", "127.0.0.1", "::1"}
            if issuer.scheme != "https" and not (issuer.scheme == "http" and local):
                raise ValueError(
                    "PEOPLEFIRST_OIDC_ISSUER must be an https:// URL (http:// only for a "
                    f"provider on this machine), not {self.oidc_issuer!r}"
                )
        if self.oidc_issuer and not self.oidc_client_id:
            raise ValueError("PEOPLEFIRST_OIDC_ISSUER is set but PEOPLEFIRST_OIDC_CLIENT_ID is not")
        return self

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'peoplefirst.sqlite3'}"

    def check_secret(self) -> None:
        """Refuse the placeholder secret where it would sign real people's cookies."""
        if self.environment == "production" and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError(
                "PEOPLEFIRST_SECRET_KEY is still the placeholder; set a long random value "
                "(or PEOPLEFIRST_ENVIRONMENT=development for a demo)"
            )
