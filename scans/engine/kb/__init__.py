"""The knowledge base agents share: what the scan learned about the API, its objects and identities."""
