"""Accounts: signing in, and the API tokens a user writes with."""
