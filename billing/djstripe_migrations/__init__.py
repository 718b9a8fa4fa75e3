"""dj-stripe 2.11's schema as one migration (see 0001_squashed_2_11.py)."""
