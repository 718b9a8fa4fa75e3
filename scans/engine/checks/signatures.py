"""What database errors, framework debug pages and well-known files look like: data, no logic.

Each pattern is specific to a product's own message, so ordinary text (or our own payload echoed
back) cannot match it.
"""
from __future__ import annotations

import re

from scans.engine.http.reply import MISSING, parse_json
from scans.engine.kb import jsondata

Signatures = tuple[tuple[str, re.Pattern[str]], ...]


def _signatures(table: tuple[tuple[str, ...], ...], flags: int = 0) -> Signatures:
    """`(name, alternative, alternative…)` rows as `(name, pattern)`: any alternative identifies the name."""
    return tuple((name, re.compile("|".join(alternatives), flags)) for name, *alternatives in table)


DATABASE_ERRORS = _signatures((
    ("SQLite", r"sqlite3?\.OperationalError", r"SQLITE_ERROR", r'unrecognized token: "',
     r'near "[^"]{0,80}": syntax error', r"incomplete input", r"SQLite3::SQLException", r"System\.Data\.SQLite"),
    ("PostgreSQL", r"PG::SyntaxError", r"psycopg2?\.errors", r"org\.postgresql\.util\.PSQLException",
     r"unterminated quoted string at or near", r'syntax error at or near "', r"pg_query\(\): Query failed",
     r"invalid input syntax for (type )?\w+"),
    ("MySQL", r"You have an error in your SQL syntax",
     r"check the manual that (corresponds|fits) to your (MySQL|MariaDB) server version", r"com\.mysql\.jdbc",
     r"MySqlException", r"mysqli?_fetch", r"SQLSTATE\[42000\]", r"Warning: mysql_"),
    ("Microsoft SQL Server", r"Unclosed quotation mark after the character string", r"Incorrect syntax near",
     r"Microsoft OLE DB Provider for SQL Server", r"System\.Data\.SqlClient\.SqlException", r"\[SQL Server\]",
     r"ODBC SQL Server Driver"),
    ("Oracle", r"ORA-\d{5}", r"quoted string not properly terminated", r"SQL command not properly ended",
     r"oracle\.jdbc\.driver"),
), re.IGNORECASE)
"""Database engines and the messages their drivers put in errors."""

FRAMEWORK_ERRORS = _signatures((
    ("Django debug page", r"You're seeing this error because you have <code>DEBUG = True</code>",
     r"<th>Django Version:</th>"),
    ("Werkzeug debugger", r"Werkzeug Debugger", r"The debugger caught an exception in your WSGI application"),
    ("Python traceback", r'Traceback \(most recent call last\):\s+File "'),
    ("Spring Whitelabel error page", r"Whitelabel Error Page", r"This application has no explicit mapping for /error"),
    ("Java stack trace", r"(java|javax|jakarta)\.[\w.]+(Exception|Error)(:|\s+at\s)", r"\tat [\w.$]+\(\w+\.java:\d+\)"),
    ("Express / Node.js stack trace", r"at [\w.<>\[\] ]+ \((/|[A-Z]:\\)[^)]+\.[cm]?js:\d+:\d+\)",
     r"node_modules/express/lib/router"),
    ("Ruby on Rails error page", r"Action Controller: Exception caught", r"app/controllers/[\w/]+\.rb:\d+"),
    ("ASP.NET error page", r"Server Error in '/[^']*' Application",
     r"ASP\.NET is configured to show verbose error messages", r"\[(HttpException|NullReferenceException)[^\]]*\]:"),
    (".NET stack trace", r"System\.\w+Exception: .+\s+at [\w.]+\("),
    ("PHP error", r"<b>(Fatal error|Warning|Parse error)</b>:", r"PHP (Fatal error|Warning|Parse error):",
     r"Stack trace:\s+#0 /"),
    ("Laravel debug page", r"Whoops! There was an error", r"Illuminate\\[A-Z]\w+\\"),
    ("Go panic", r"goroutine \d+ \[running\]:"),
))
"""Stack traces and debug pages by framework."""

FILE_CONTENTS = _signatures((
    ("/etc/passwd", r"root:[^:\n]*:0:0:"),
    ("win.ini", r"for 16-bit app support", r"\[fonts\][\s\S]*\[extensions\]"),
), re.IGNORECASE)
"""Files every system has, by what they hold."""


def _readings(text: str) -> list[str]:
    """`text`, and the strings inside it when it is JSON: APIs wrap messages and traces in JSON
    strings, where quotes and line breaks are escaped."""
    readings = [text]
    data = parse_json(text) if text.lstrip().startswith(("{", "[")) else MISSING
    if data is not MISSING:
        readings += [value for _, value in jsondata.leaves(data) if isinstance(value, str)]
    return readings


def _first_match(text: str, patterns: Signatures) -> tuple[str, str]:
    for reading in _readings(text):
        for name, pattern in patterns:
            match = pattern.search(reading)
            if match:
                return name, match.group(0)
    return "", ""


def database_error(text: str) -> str:
    """The database an error message in `text` comes from, or `""`."""
    return _first_match(text, DATABASE_ERRORS)[0]


def framework_error(text: str) -> tuple[str, str]:
    """The framework whose stack trace or debug page `text` holds and the matched excerpt, or `("", "")`."""
    return _first_match(text, FRAMEWORK_ERRORS)


def known_file(text: str) -> str:
    """The well-known file whose contents `text` holds, or `""`."""
    return _first_match(text, FILE_CONTENTS)[0]
