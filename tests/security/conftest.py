"""The access matrix's objects (one of every kind a URL names) for the security tests."""

from tests.core.test_url_access_matrix import url_kwargs  # noqa: F401 (a fixture)
