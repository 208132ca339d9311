"""Helpers for the site tests: users with exactly the roles they need, offices, petitions.

They live in product code (``xinfang_app.setup.fixtures``), which the demo, the benchmark and the production
check use too; the tests keep importing them from here."""

from xinfang_app.setup.fixtures import (
	DOMAIN,
	api_token,
	make_office,
	make_org,
	make_user,
	petition,
	valid_id,
)

__all__ = ["DOMAIN", "api_token", "make_office", "make_org", "make_user", "petition", "valid_id"]
