"""A throw-away PostgreSQL server for the test run, started from Debian's binaries."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("BAKETRACKER_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PostgresUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; run them as the postgres OS user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class PostgresServer:
    directory: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"),
                             "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def start_server() -> PostgresServer:
    """initdb + pg_ctl start in a fresh temp folder on a free loopback port (about 1 s)."""
    if not (PG_BIN / "postgres").exists():
        raise PostgresUnavailable(
            f"PostgreSQL server binaries not found in {PG_BIN}: run `make system-deps` "
            "(apt-get install postgresql) or set BAKETRACKER_TEST_PG_URL"
        )
    directory = Path(tempfile.mkdtemp(prefix="baketracker-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    port = _free_port()
    data = directory / "data"
    steps = [
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--no-sync"],
        [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(directory / "log"), "-w", "-o",
         f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off "
         "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
         "start"],
    ]
    for cmd in steps:
        result = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = (directory / "log").read_text() if (directory / "log").exists() else ""
            raise PostgresUnavailable(
                f"could not start PostgreSQL: {' '.join(cmd[:1])} failed:\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )
    return PostgresServer(directory, port)
