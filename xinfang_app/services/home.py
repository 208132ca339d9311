"""Where a petition office's users land after login: the Petition Desk (信访工作台).

A desk user with one of this app's roles and no default workspace of their own gets the Petition Desk as
theirs (User → Settings → Default Workspace). Login then opens the desk in one page load; without one,
Frappe opens /app, loads the desk there and loads it again for the workspace it picks. A workspace the
administrator or the user chose is never replaced, and a user the workspace is not shown to is left alone.
"""

from __future__ import annotations

import frappe

from xinfang_app.rules.roles import ROLES

DESK_WORKSPACE = "Petition Desk"
DESK_ROLES = frozenset(role for role, desk_access in ROLES.items() if desk_access)


def desk_roles() -> frozenset[str]:
	"""The roles whose users land on the Petition Desk: this app's desk roles, those the workspace is
	shown to when it is shown only to some."""
	shown_to = set(
		frappe.get_all("Has Role", {"parent": DESK_WORKSPACE, "parenttype": "Workspace"}, pluck="role")
	)
	return DESK_ROLES & shown_to if shown_to else DESK_ROLES


def set_default_workspace(doc, method=None):
	"""``User.validate``: the Petition Desk for a petition office's user who has chosen no workspace."""
	if doc.get("default_workspace") or doc.get("user_type") != "System User":
		return
	if not frappe.db.exists("Workspace", DESK_WORKSPACE):
		return
	if desk_roles() & {row.role for row in doc.get("roles") or []}:
		doc.default_workspace = DESK_WORKSPACE


def set_for_existing_users():
	"""The same for the users there were before (a patch): only those with no default workspace."""
	if not frappe.db.exists("Workspace", DESK_WORKSPACE):
		return
	roles = desk_roles()
	if not roles:
		return
	users = frappe.get_all(
		"User",
		filters={"user_type": "System User", "enabled": 1, "default_workspace": ("is", "not set")},
		pluck="name",
	)
	landing = frappe.get_all(
		"Has Role",
		filters={"parenttype": "User", "parent": ("in", users or [""]), "role": ("in", list(roles))},
		pluck="parent",
		distinct=True,
	)
	if landing:
		frappe.db.set_value(
			"User", {"name": ("in", landing)}, "default_workspace", DESK_WORKSPACE, update_modified=False
		)
