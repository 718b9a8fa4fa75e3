"""The notes API's requests as its handlers see them, and the errors they raise."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl

from tests.targets.wsgi_notes.policy import MAX_BODY

if TYPE_CHECKING:
    from tests.targets.wsgi_notes.data import User


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class Request:
    def __init__(self, environ: dict, params: dict[str, str]) -> None:
        self.environ = environ
        self.method = environ["REQUEST_METHOD"]
        self.params = params
        self.query_pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            environ["wsgi.input"].read(length)
            raise HttpError(413, "too_large", f"Bodies are limited to {MAX_BODY} bytes")
        self.raw = environ["wsgi.input"].read(length) if length else b""
        self.user: User | None = None

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.raw or b"{}")
        except ValueError:
            raise HttpError(400, "invalid_json", "Body is not valid JSON") from None
        if not isinstance(data, dict):
            raise HttpError(400, "invalid_body", "Body must be a JSON object")
        return data

    @property
    def bearer(self) -> str:
        header = self.environ.get("HTTP_AUTHORIZATION", "")
        return header[7:].strip() if header[:7].lower() == "bearer " else ""
