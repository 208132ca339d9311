"""Sites from before get the indexes of the daily petition lists and of ToDo's open assignments per user
(new sites get them at install)."""

from xinfang_app.services.list_indexes import add_list_indexes


def execute():
	add_list_indexes()  # adds only the indexes that are missing, in one ALTER TABLE
