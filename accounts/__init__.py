"""Tenants (organisations), their users and their API keys."""
