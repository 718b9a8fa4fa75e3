"""Plans, usage, quotas, rate limits and Stripe billing."""
