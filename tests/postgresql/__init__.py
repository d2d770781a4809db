"""Django's PostgreSQL backend for the tests, emptying tables by DELETE (base.py)."""
