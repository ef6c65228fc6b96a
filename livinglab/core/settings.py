"""Deployment settings, read once from the environment.

Every variable is documented in README.md (section « Configuration »).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
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
    # One port serves pages, API and websocket (Reflex single-port mode).
    port: int = 3000
    # 0.0.0.0 so that the workshop's tablets on the same network can reach the facilitator's laptop.
    host: str = "0.0.0.0"  # noqa: S104

    def sqlite_path(self) -> Path | None:
        """The database file of a SQLite URL, or None for a server database."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        return Path(self.database_url.removeprefix(prefix))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
