"""What a scan runs for its checks besides the HTTP client: the timing lane, and NAT's out-of-band
listener when a selected check hands out its URLs."""
from __future__ import annotations

from dataclasses import dataclass, field

from scans.engine.checks.timing import TimingLane
from scans.engine.config import ScanOptions
from scans.engine.oob import CallbackListener


@dataclass(slots=True)
class ScanServices:
    """One per scan, shared by its probes."""

    timing: TimingLane
    callbacks: CallbackListener | None = None
    """NAT's out-of-band listener, when it runs."""
    callbacks_off: str = ""
    """Why there is no listener (said in the tasks that needed it)."""
    self_delaying: set[str] = field(default_factory=set)
    """Inputs (`METHOD /path|location:name`) whose value delays the answer whatever it says: no
    timing test can prove anything on them."""

    def start_callbacks(self, options: ScanOptions) -> str:
        """Start the listener as `options` say; a warning when it could not start, else `""`."""
        if not options.callbacks:
            self.callbacks_off = "the out-of-band listener is turned off (callbacks: false)"
            return ""
        if options.public_only and not options.callback_url:
            self.callbacks_off = (
                "a public target cannot reach a listener on this machine's loopback; set callback_url to the "
                "listener's public address"
            )
            return ""
        listener = CallbackListener(bind=options.callback_bind, public_url=options.callback_url)
        try:
            listener.start()
        except OSError as exc:
            self.callbacks_off = f"the out-of-band listener could not start: {exc}"
            return self.callbacks_off
        self.callbacks = listener
        return ""

    def close(self) -> None:
        if self.callbacks is not None:
            self.callbacks.close()
