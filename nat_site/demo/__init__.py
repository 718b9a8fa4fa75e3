"""A deliberately vulnerable API bundled for `nat demo`. It listens on loopback only. Never deploy it."""
