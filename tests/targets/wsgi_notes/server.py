"""`python -m tests.targets.wsgi_notes.server --port 0 --flaws all|none|a,b`: serve the notes API."""
from __future__ import annotations

from tests.targets.serving import Recorder, parse_flaws, serve, server_arguments
from tests.targets.wsgi_notes import FLAWS
from tests.targets.wsgi_notes.app import NotesApp


def main() -> None:
    args = server_arguments(__doc__ or "")
    app = NotesApp(parse_flaws(args.flaws, FLAWS), session_ttl=args.session_ttl)
    serve(Recorder(app, seeded=lambda: app.store.seeded, throttle_every=args.throttle_every,
                   delay=args.delay), port=args.port)


if __name__ == "__main__":
    main()
