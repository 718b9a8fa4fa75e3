"""Who the scan acts as: configured identities, accounts it creates, and tokens it forges."""
