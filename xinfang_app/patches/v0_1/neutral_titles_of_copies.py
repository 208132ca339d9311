"""Copies of a report's subject made before the app titled them neutrally are rewritten: Tag Link titles (read
by every role), the text of assignments (ToDo) and of notification logs about a report or a document that
carries one (services/neutral_titles.py)."""

from xinfang_app.services.neutral_titles import rewrite_all_copies


def execute():
	rewrite_all_copies()
