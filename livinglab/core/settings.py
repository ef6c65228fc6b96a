"""Deployment settings, read once from the environment.

Every variable is documented in README.md (section « Configuration »).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/livinglab.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIVINGLAB_", extra="ignore")

    # The embedded default is a SQLite file under data/ (relative to the working directory, the project root).
    database_url: str = DEFAULT_DATABASE_URL
    # Production shares Reflex state between workers through Redis. The plain, conventional REDIS_URL is the
    # project's setting; rxconfig.py hands it to Reflex, which only reads REFLEX_REDIS_URL.
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "LIVINGLAB_REDIS_URL")
    )
    # One port serves pages, API and websocket (Reflex single-port mode). With several workers, worker i
    # listens on port + i, behind the reverse proxy.
    port: int = 3000
    # App worker processes on this machine; more than one needs Redis, where they share their state.
    workers: int = Field(default=1, ge=1, le=64)
    # 0.0.0.0 so that the workshop's tablets on the same network can reach the facilitator's laptop.
    host: str = "0.0.0.0"  # noqa: S104

    # Keys the hashes that must not be reversible by brute force (network addresses in the login throttle).
    # Unset, a random key is made once and kept in data/secret.key.
    secret_key: str | None = None

    # The reverse proxies whose X-Forwarded-For is believed, comma-separated addresses or networks
    # ("127.0.0.1, 10.0.0.0/8"). Behind a proxy every request comes from the proxy's address: without this,
    # the guessing throttles would count a whole city as one client. Unset, the header is ignored (anyone
    # can write it).
    trusted_proxies: str = ""

    # The address people open, scheme and host (and port if any). The websocket and the HTTP routes accept
    # requests only from this origin, and the OpenID provider sends people back to it.
    public_url: str = "http://localhost:3000"

    # The organization's OpenID Connect provider (Keycloak, Microsoft Entra, Google…): unset, only local
    # accounts sign in. People who sign in through it belong to ``oidc_organization`` (an organization slug).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_organization: str | None = None
    # The provider's name on the sign-in button, e.g. « Microsoft Entra du ROSINQ ».
    oidc_label: str | None = None

    @property
    def public_origin(self) -> str:
        """``public_url`` as browsers write it in their Origin header: scheme and host, no path."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        # Refused at start-up, not at the first sign-in: ip_network names the entry it cannot read.
        _networks(value)
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return _networks(self.trusted_proxies)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    def sqlite_path(self) -> Path | None:
        """The database file of a SQLite URL, or None for a server database."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        return Path(self.database_url.removeprefix(prefix))


def _networks(listed: str) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(entry.strip()) for entry in listed.split(",") if entry.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


SECRET_KEY_FILE = Path("data/secret.key")


@lru_cache(maxsize=1)
def secret_key() -> bytes:
    configured = get_settings().secret_key
    if configured:
        return configured.encode()
    if not SECRET_KEY_FILE.exists():
        SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        SECRET_KEY_FILE.touch(mode=0o600)
        SECRET_KEY_FILE.write_text(secrets.token_hex(32))
    return SECRET_KEY_FILE.read_text().strip().encode()
