"""Reading NAT's configuration from the environment: typed values, the data dir, the secret key."""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEPLOYMENT_MODES = ("self_hosted", "saas")


class ConfigurationError(Exception):
    """An environment variable holds a value NAT cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: tuple[str, ...] = ()) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def deployment_mode() -> str:
    mode = env_str("NAT_MODE", "self_hosted").lower().replace("-", "_")
    if mode not in DEPLOYMENT_MODES:
        raise ConfigurationError(f"NAT_MODE={mode!r} must be one of {', '.join(DEPLOYMENT_MODES)}")
    return mode


def data_dir_path() -> Path:
    """Where NAT keeps its SQLite database, secret key, screenshots and static files (not created)."""
    return Path(env_str("NAT_DATA_DIR") or Path.home() / ".nat").expanduser()


def data_dir() -> Path:
    """The data dir, created when missing."""
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def embedded_database_path(directory: Path) -> Path:
    """The embedded SQLite database NAT uses when DATABASE_URL is unset."""
    return directory / "nat.sqlite3"


def mask_password(url: str) -> str:
    """`url` with the password (in the user info or a `password=` query parameter) shown as `***`."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.partition(':')[0]}:***@{host}"
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def database_description() -> str:
    """Which database NAT uses, safe to print: the SQLite file, or DATABASE_URL with its password masked."""
    url = env_str("DATABASE_URL")
    if url:
        return mask_password(url)
    return f"SQLite {embedded_database_path(data_dir_path())}"


def secret_key(directory: Path) -> str:
    """`SECRET_KEY` from the environment, else one generated once and kept (mode 0600) in the data dir."""
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = directory / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    # Write a private temp file, then hard-link it into place: the link either creates the whole
    # file or fails because another process won the race, and then both use the winner's key.
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".secret_key.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        with contextlib.suppress(FileExistsError):
            os.link(tmp_name, key_file)
    finally:
        os.unlink(tmp_name)
    return key_file.read_text().strip()
