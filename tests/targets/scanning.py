"""How tests and benchmarks scan the test targets: identities per target, and a scan that keeps its state."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.outcome import ScanOutcome
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.launcher import RunningTarget, start_target

NOTES_MODULE = "tests.targets.wsgi_notes.server"
SHOP_MODULE = "tests.targets.drf_shop.server"
SPEC_PATHS = {NOTES_MODULE: "/openapi.json", SHOP_MODULE: "/api/openapi.json"}


def start(module: str, *, flaws: str = "all", args: tuple[str, ...] = ()) -> RunningTarget:
    return start_target(module, flaws=flaws, spec_path=SPEC_PATHS[module], args=args)


def notes_login(email: str, password: str) -> AuthConfig:
    return AuthConfig(type="login", login_url="/v1/auth/login", login_body={"email": email, "password": password},
                      token_path="data.token")


def identities(target: RunningTarget) -> tuple[AuthConfig, AuthConfig]:
    """Primary and secondary identities of a target, each target mixing auth types."""
    if target.name == NOTES_MODULE:
        return notes_login("alice@notes.test", "alice-pass-1"), notes_login("bob@notes.test", "bob-pass-2")
    primary = AuthConfig(type="oauth2", oauth2_token_url="/api/oauth/token/", oauth2_client_id="alice-cli",
                         oauth2_client_secret="alice-cli-secret", oauth2_scope="read write")
    secondary = AuthConfig(type="login", login_url="/api/oauth/token/", token_path="access_token",
                           login_body={"grant_type": "password", "username": "bob", "password": "bob-pass-2"})
    return primary, secondary


def config_for(target: RunningTarget, *, secondary: bool = True, **options: Any) -> ScanConfig:
    primary, second = identities(target)
    return ScanConfig(
        url=target.url,
        spec=load_spec(target.spec_url, base_url=target.url),
        auth=primary,
        auth_secondary=second if secondary else None,
        options=ScanOptions(**options),
    )


@dataclass
class ScanRun:
    """A finished scan, the engine-side state behind it, and what the target logged meanwhile."""

    outcome: ScanOutcome
    scan: Scan
    log: list[dict[str, Any]]

    def placeholders(self) -> dict[str, str]:
        """Values for the env vars curl lines read (`NAT_TOKEN`, `NAT_TOKEN_2`, scan accounts' tokens)."""
        kb = self.scan.kb
        values: dict[str, str] = {}
        identities_seen = [*kb.identities, *(account.identity for account in kb.sacrificial_accounts)]
        for identity in identities_seen:
            if identity.placeholder and identity.token:
                values[identity.placeholder] = identity.token
        config = self.scan.config
        for suffix, auth in (("", config.auth), ("_2", config.auth_secondary)):
            if auth is None:
                continue
            passwords = [auth.password, *(value for key, value in (auth.login_body or {}).items()
                                          if isinstance(value, str) and "pass" in key.lower())]
            for password in passwords:
                if password:
                    values[f"NAT_PASSWORD{suffix}"] = password
        return values


def run_scan_on(target: RunningTarget, config: ScanConfig, **kwargs: Any) -> ScanRun:
    """Scan with a fresh target log, keeping the `Scan` for inspection."""
    target.reset_log()
    scan = Scan(config, **kwargs)
    outcome = scan.run()
    return ScanRun(outcome=outcome, scan=scan, log=target.log())


def with_options(config: ScanConfig, **options: Any) -> ScanConfig:
    return dataclasses.replace(config, options=dataclasses.replace(config.options, **options))
