"""The load test: two app servers, 50 family members and 5 facilitators (see __main__.py)."""
