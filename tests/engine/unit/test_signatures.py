"""Database errors, framework debug pages and well-known files are told by their products' own
messages, also when an API wraps them in JSON; our own payloads and ordinary text never match."""
from __future__ import annotations

import json

import pytest

from scans.engine.checks.signatures import database_error, framework_error, known_file


@pytest.mark.parametrize(("message", "database"), [
    ('sqlite3.OperationalError: unrecognized token: "\'"', "SQLite"),
    ('near "pending": syntax error', "SQLite"),
    ("ERROR:  unterminated quoted string at or near \"'\"", "PostgreSQL"),
    ("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version", "MySQL"),
    ("Unclosed quotation mark after the character string 'x'.", "Microsoft SQL Server"),
    ("ORA-01756: quoted string not properly terminated", "Oracle"),
])
def test_database_errors_are_told_by_engine(message: str, database: str) -> None:
    assert database_error(message) == database
    assert database_error(json.dumps({"detail": f"Invalid filter: {message}"})) == database


@pytest.mark.parametrize("text", [
    "x' OR 1=1-- ", '{"error": "syntax error in your request"}', "Invalid SQL? No.", "<p>near the end</p>",
])
def test_payloads_and_ordinary_text_are_not_database_errors(text: str) -> None:
    assert database_error(text) == ""


def test_a_python_traceback_is_found_inside_a_json_string() -> None:
    trace = 'Traceback (most recent call last):\n  File "/app/views.py", line 3, in list\nValueError: bad'
    assert framework_error(json.dumps({"error": {"trace": trace}}))[0] == "Python traceback"
    assert framework_error("Traceback is a word we use too")[0] == ""


@pytest.mark.parametrize(("page", "framework"), [
    ("<th>Django Version:</th><td>5.2</td>", "Django debug page"),
    ("<h1>Whitelabel Error Page</h1>This application has no explicit mapping for /error", "Spring Whitelabel error page"),
    ("TypeError: x is undefined\n    at Layer.handle (/srv/node_modules/express/lib/router/layer.js:95:5)",
     "Express / Node.js stack trace"),
    ("<b>Fatal error</b>:  Uncaught Error in /var/www/index.php", "PHP error"),
    ("goroutine 1 [running]:\nmain.main()", "Go panic"),
])
def test_framework_debug_pages_are_told_by_framework(page: str, framework: str) -> None:
    assert framework_error(page)[0] == framework


def test_well_known_files_are_told_by_their_contents() -> None:
    assert known_file("root:x:0:0:root:/root:/bin/sh\n") == "/etc/passwd"
    assert known_file("; for 16-bit app support\n[fonts]\n[extensions]\n") == "win.ini"
    assert known_file("../../etc/passwd") == ""
