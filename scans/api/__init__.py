"""The scans part of the REST API: scans, results, exports and findings."""
