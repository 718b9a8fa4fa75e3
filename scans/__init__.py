"""Scans: the scan lifecycle, its API, workers, findings, exports; the engine and functional runners."""
