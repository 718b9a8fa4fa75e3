"""Test sites for the functional runners, served from loopback by `sites.server.TestSite`."""
