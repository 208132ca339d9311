"""A petition office's users land on the Petition Desk after login; a workspace chosen by the administrator
or the user is kept, and users without a petition role are left alone."""

from __future__ import annotations

import frappe

from xinfang_app.compat import SiteTestCase
from xinfang_app.services.home import DESK_WORKSPACE, set_for_existing_users
from xinfang_app.tests.utils import make_user

OTHER_ROLE = "Xinfang Home Test Desk Role"  # a desk role of no petition office


class TestPetitionDeskHome(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not frappe.db.exists("Role", OTHER_ROLE):
			frappe.get_doc({"doctype": "Role", "role_name": OTHER_ROLE, "desk_access": 1}).insert()

	def workspace(self, user: str):
		return frappe.db.get_value("User", user, "default_workspace")

	def test_petition_users_land_on_the_desk(self):
		for key, roles in (("home_officer", ["Petition Officer"]), ("home_handler", ["Case Handler"])):
			self.assertEqual(self.workspace(make_user(key, roles)), DESK_WORKSPACE, key)
		self.assertFalse(self.workspace(make_user("home_nobody", [OTHER_ROLE])))

	def test_a_chosen_workspace_is_kept(self):
		other = frappe.get_all(
			"Workspace", {"name": ("!=", DESK_WORKSPACE), "public": 1}, pluck="name", limit=1
		)
		user = make_user("home_chooser", [])
		frappe.db.set_value("User", user, "default_workspace", other[0])
		make_user("home_chooser", ["Petition Officer"])  # a role added later, through the User form's save
		self.assertEqual(self.workspace(user), other[0])

	def test_users_from_before_get_it_once(self):
		officer = make_user("home_earlier", ["Petition Supervisor"])
		plain = make_user("home_plain_earlier", [OTHER_ROLE])
		frappe.db.set_value("User", officer, "default_workspace", None)
		set_for_existing_users()
		self.assertEqual(self.workspace(officer), DESK_WORKSPACE)
		self.assertFalse(self.workspace(plain))
