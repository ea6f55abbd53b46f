"""Settings read from the environment (prefix BAKETRACKER_); nothing is touched at import."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The per-user data folder: ~/.local/share/baketracker on Linux."""
    return Path(user_data_dir("baketracker", appauthor=False))


class Settings(BaseSettings):
    """Every knob the app has. Environment variables win over defaults."""

    model_config = SettingsConfigDict(env_prefix="BAKETRACKER_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL; default is an SQLite file in data_dir.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    password: str | None = Field(
        default=None, description="Required before the server listens beyond loopback."
    )
    secret_key: str | None = None

    def resolved_database_url(self) -> str:
        """The URL to use: the configured one, else the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'baketracker.sqlite3'}"


@cache
def get_settings() -> Settings:
    return Settings()
