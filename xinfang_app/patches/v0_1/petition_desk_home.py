"""Users of a petition office from before land on the Petition Desk after login (services/home.py)."""

from xinfang_app.services.home import set_for_existing_users


def execute():
	set_for_existing_users()
