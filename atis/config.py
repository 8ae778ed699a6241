"""Settings read from the environment (12-factor), with one clear line for every mistake.

Production is the default. `ATIS_DEBUG=1` selects development mode, in which missing
secrets are generated once into `var/dev-keys.json` (git-ignored) so that `make demo`
works on a fresh machine.

Settings may also be kept in a file of `NAME=value` lines (the format of systemd's
EnvironmentFile): the one `ATIS_ENV_FILE` names, else `var/local.env` if it exists (`make
demo` writes one). What the environment sets wins over the file.
"""

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ATIS_VAR_DIR", BASE_DIR / "var"))
DEV_KEY_FILE = VAR_DIR / "dev-keys.json"
KEY_BYTES = 32


class SettingsError(Exception):
    """A missing or malformed setting; the message names it and never echoes its value."""


def load_env_file() -> None:
    """Read the settings file into the environment, below what the environment sets."""
    from dotenv import load_dotenv

    named = os.environ.get("ATIS_ENV_FILE")
    path = Path(named) if named else None if named == "" else VAR_DIR / "local.env"
    if path is None or (named is None and not path.exists()):
        return
    if not path.is_file():
        raise SettingsError("ATIS_ENV_FILE names a file that does not exist")
    load_dotenv(path, override=False)


@dataclass(frozen=True)
class FieldKey:
    key_id: str
    key: bytes


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be one of 1/0, true/false, yes/no, on/off")


def debug() -> bool:
    return _flag("ATIS_DEBUG")


def decode_key(text: str, setting: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise SettingsError(f"{setting} holds a key that is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise SettingsError(f"{setting} holds a key that is not {KEY_BYTES} bytes long")
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def new_key_id() -> str:
    return "k" + secrets.token_hex(4)


def parse_field_keys(text: str, setting: str = "ATIS_FIELD_KEYS") -> list[FieldKey]:
    """`kid:base64key,kid:base64key`; the first key encrypts, every key decrypts."""
    keys = []
    for part in text.split(","):
        if not part.strip():
            continue
        kid, sep, material = part.strip().partition(":")
        if not sep or not kid.isalnum() or len(kid) > 16:
            raise SettingsError(f"{setting} must be a comma-separated list of key_id:base64key")
        keys.append(FieldKey(kid, decode_key(material, setting)))
    if not keys:
        raise SettingsError(f"{setting} is empty")
    if len({k.key_id for k in keys}) != len(keys):
        raise SettingsError(f"{setting} names the same key id twice")
    return keys


def format_field_keys(keys: list[FieldKey]) -> str:
    return ",".join(f"{k.key_id}:{encode_key(k.key)}" for k in keys)


def load_dev_keys() -> dict:
    """Read (creating once) the development key file under var/."""
    if DEV_KEY_FILE.exists():
        try:
            data = json.loads(DEV_KEY_FILE.read_text())
        except (OSError, ValueError):
            raise SettingsError(f"{DEV_KEY_FILE} is not readable JSON") from None
        if "audit_keys" not in data:  # a key file from before the audit key existed
            data["audit_keys"] = _new_key_list()
            write_dev_keys(data)
        return data
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    data = {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": format_field_keys([FieldKey(new_key_id(), secrets.token_bytes(KEY_BYTES))]),
        "blind_index_key": encode_key(secrets.token_bytes(KEY_BYTES)),
        "audit_keys": _new_key_list(),
    }
    write_dev_keys(data)
    return data


def _new_key_list() -> str:
    return format_field_keys([FieldKey(new_key_id(), secrets.token_bytes(KEY_BYTES))])


def write_dev_keys(data: dict) -> None:
    tmp = DEV_KEY_FILE.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, DEV_KEY_FILE)


def keys_from_dev_file() -> bool:
    """True when field keys come from the development key file (so rotation may write it)."""
    return debug() and not os.environ.get("ATIS_FIELD_KEYS")


def secret(name: str, dev_name: str) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if debug():
        return load_dev_keys()[dev_name]
    raise SettingsError(f"{name} is not set (required when ATIS_DEBUG is off)")


def secret_key() -> str:
    value = secret("ATIS_SECRET_KEY", "secret_key")
    if len(value) < 40:
        raise SettingsError("ATIS_SECRET_KEY must be at least 40 characters long")
    return value


def field_keys() -> list[FieldKey]:
    return parse_field_keys(secret("ATIS_FIELD_KEYS", "field_keys"))


def audit_keys() -> list[FieldKey]:
    """The audit trail's HMAC keys (`kid:base64key,...`): the first seals new entries and
    checkpoints, every key verifies. They must never be stored in the database."""
    return parse_field_keys(secret("ATIS_AUDIT_KEYS", "audit_keys"), "ATIS_AUDIT_KEYS")


def audit_checkpoint_dir() -> Path:
    """Where `atis audit checkpoint` writes signed chain heads: outside the database."""
    return Path(os.environ.get("ATIS_AUDIT_CHECKPOINT_DIR") or VAR_DIR / "audit-checkpoints")


def blind_index_key() -> bytes:
    return blind_index_keys()[0].key


# The id of a blind-index key given in the single-key format (`ATIS_BLIND_INDEX_KEY=<base64>`).
LEGACY_BLIND_KEY_ID = "b0"


def parse_blind_index_keys(text: str, setting: str = "ATIS_BLIND_INDEX_KEY") -> list[FieldKey]:
    """`kid:base64key,kid:base64key` (the first computes new digests, every key is used for
    look-ups), or one bare base64 key, which has the id `b0`."""
    if ":" not in text:
        return [FieldKey(LEGACY_BLIND_KEY_ID, decode_key(text, setting))]
    return parse_field_keys(text, setting)


def blind_index_keys() -> list[FieldKey]:
    return parse_blind_index_keys(secret("ATIS_BLIND_INDEX_KEY", "blind_index_key"))


def allowed_hosts() -> list[str]:
    raw = os.environ.get("ATIS_ALLOWED_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if hosts:
        return hosts
    if debug():
        return ["127.0.0.1", "localhost", "[::1]"]
    raise SettingsError("ATIS_ALLOWED_HOSTS is not set (required when ATIS_DEBUG is off)")


def database(default_url: str) -> dict:
    import dj_database_url

    # `atis migrate` and `atis db` run as the owner role when ATIS_DATABASE_OWNER_URL is
    # set (atis/cli.py sets ATIS_DATABASE_AS_OWNER); serving uses the application role.
    setting = "ATIS_DATABASE_URL"
    if os.environ.get("ATIS_DATABASE_AS_OWNER") == "1" and os.environ.get("ATIS_DATABASE_OWNER_URL"):
        setting = "ATIS_DATABASE_OWNER_URL"
    url = os.environ.get(setting) or default_url
    try:
        # Health checks: a connection kept across requests is tested before reuse, so a
        # database restart costs no request an error.
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError):
        raise SettingsError(f"{setting} is not a database URL this system knows") from None
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        config.pop("CONN_MAX_AGE", None)
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20,
                             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    elif engine.endswith("postgresql"):
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(
            f"-c {name}={value}s" for name, value in postgresql_timeouts().items())
    else:
        raise SettingsError("ATIS_DATABASE_URL must name PostgreSQL or SQLite")
    return config


# PostgreSQL's session timeouts, in seconds (0 turns one off), each from its own setting: a
# statement that runs too long, a lock waited for too long, or a transaction left open and
# idle (holding its locks) is ended by the server instead of stalling every request.
TIMEOUTS = {"statement_timeout": ("ATIS_DB_STATEMENT_TIMEOUT", 30),
            "lock_timeout": ("ATIS_DB_LOCK_TIMEOUT", 10),
            "idle_in_transaction_session_timeout": ("ATIS_DB_IDLE_TRANSACTION_TIMEOUT", 60)}


def postgresql_timeouts() -> dict[str, int]:
    return {name: integer(setting, default) for name, (setting, default) in TIMEOUTS.items()}


def integer(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


def cache(url: str | None = None) -> dict:
    """`ATIS_CACHE_URL`: redis://… (shared by every process and server), else the database
    cache (table `atis_cache`, created by the migrations)."""
    url = (os.environ.get("ATIS_CACHE_URL", "") if url is None else url).strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "atis_cache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise SettingsError("ATIS_CACHE_URL must be a redis:// or rediss:// URL (or empty)")


def networks(name: str, default: str = "") -> list:
    """A comma-separated list of IP addresses or networks."""
    import ipaddress

    found = []
    for part in os.environ.get(name, default).split(","):
        if not part.strip():
            continue
        try:
            found.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            raise SettingsError(f"{name} must be a comma-separated list of IP "
                                "addresses or networks") from None
    return found


def jobs() -> dict:
    """`ATIS_JOBS_URL`: redis://… for the job queue (several servers, one queue); unset, a
    queue in an SQLite file under var/ (one machine, `make demo`)."""
    url = os.environ.get("ATIS_JOBS_URL", "").strip()
    common = {"name": "atis", "immediate": False, "utc": True,
              "consumer": {"workers": 2, "worker_type": "thread"}}
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # Huey opens the file at start
        return {**common, "huey_class": "huey.SqliteHuey",
                "filename": str(VAR_DIR / "jobs.sqlite3")}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {**common, "huey_class": "huey.RedisHuey", "url": url}
    raise SettingsError("ATIS_JOBS_URL must be a redis:// or rediss:// URL (or empty)")


def trusted_proxies() -> list:
    """`ATIS_TRUSTED_PROXIES`: comma-separated IPs/CIDRs whose X-Forwarded-For is believed."""
    return networks("ATIS_TRUSTED_PROXIES")


def choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}")
    return raw
