"""Agents: recon builds the knowledge base; the others run the checks registered for them."""
