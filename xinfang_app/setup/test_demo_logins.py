# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""The logins printed at the end of scripts/setup: every demo user, with role and office, none left out."""

import frappe

from xinfang_app.compat import SiteTestCase
from xinfang_app.setup.demo_logins import login_lines, login_rows
from xinfang_app.setup.fixtures import make_office, make_user

PREFIX = "xflogins."


class TestDemoLogins(SiteTestCase):
	def test_every_login_with_role_and_office(self):
		frappe.set_user("Administrator")
		users = {
			key: make_user(f"{PREFIX}{key}", roles)
			for key, roles in {
				"officer": ["Petition Officer"],
				"manager": ["Petition Manager", "Petition Officer"],
				"h1": ["Case Handler"],
				"h2": ["Case Handler"],
				"h3": ["Case Handler"],
				"head": ["Department Head"],
				"president": ["Hospital Leader"],
				# a role of Frappe's own that every version has (Frappe 16 has no Blogger)
				"other": ["Website Manager"],
			}.items()
		}
		for key, name in (("h1", "登录甲"), ("h2", "登录乙"), ("h3", "登录丙")):
			frappe.db.set_value("User", users[key], {"first_name": name, "full_name": name})
		make_office("登录测试科", head=users["head"], members=[users["h1"], users["h2"]])
		make_office("登录测试办", kind="Receiving Office", head=users["manager"], members=[users["officer"]])
		rows = {r["login"]: r for r in login_rows(PREFIX)}
		# every user with one of the app's roles, not one per role
		self.assertEqual(set(rows), {users[k] for k in users if k != "other"})
		self.assertEqual(rows[users["h2"]]["role"], "承办人")
		self.assertEqual(rows[users["h2"]]["office"], "登录测试科")
		self.assertEqual(rows[users["head"]]["office"], "登录测试科（负责人）")
		self.assertEqual(rows[users["manager"]]["role"], "信访管理员、信访专员")
		self.assertEqual(rows[users["manager"]]["office"], "登录测试办（负责人）")
		self.assertEqual(rows[users["president"]]["office"], "")
		lines = login_lines(PREFIX)
		self.assertIn(f"承办人  登录乙  {users['h2']}  登录测试科", lines)
		self.assertFalse(any("more" in line for line in lines))
		# the manager comes first, as in the list of roles
		self.assertTrue(lines[0].startswith("信访管理员"))
