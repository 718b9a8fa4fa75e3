"""Browser runners for functional scans (visual, accessibility, performance, contract). No Django."""
