"""NAT's scan engine: plain Python, no Django. The worker task and `nat scan` both call it."""
