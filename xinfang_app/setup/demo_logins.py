"""The demo's logins as ``scripts/setup`` prints them at its end: every demo user with their name, role and
office, so that whoever tries the desk can log in as any of them."""

from __future__ import annotations

import frappe

ROLES = (
	("Petition Manager", "信访管理员"),
	("Petition Officer", "信访专员"),
	("Case Handler", "承办人"),
	("Department Head", "科室负责人"),
	("Hospital Leader", "院领导"),
	("Petition Supervisor", "督查专员"),
	("Mediator", "调解员"),
)


def login_rows(prefix: str = "demo.") -> list[dict]:
	"""Enabled users whose login starts with ``prefix`` and who hold one of the app's roles, in the order of
	the roles above: login, name, role (in Chinese, the first of theirs) and offices (负责人 where they head one)."""
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	found = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name, user.full_name, has_role.role)
		.where(
			user.name.like(f"{prefix}%")
			& (user.enabled == 1)
			& has_role.role.isin([role for role, _label in ROLES])
		)
		.run()
	)
	roles, names = {}, {}
	for name, full_name, role in found:
		roles.setdefault(name, set()).add(role)
		names[name] = full_name or name
	offices = _offices(list(roles))
	order = {role: i for i, (role, _label) in enumerate(ROLES)}
	labels = dict(ROLES)
	rows = []
	for name, held in roles.items():
		first = min(held, key=order.get)
		rows.append(
			{
				"login": name,
				"full_name": names[name],
				"role": "、".join(labels[r] for r in sorted(held, key=order.get)),
				"office": "、".join(offices.get(name, [])),
				"order": order[first],
			}
		)
	return sorted(rows, key=lambda r: (r["order"], r["office"], r["login"]))


def _offices(users: list[str]) -> dict[str, list[str]]:
	if not users:
		return {}
	offices: dict[str, list[str]] = {}
	for office, head in frappe.get_all(
		"Petition Office", filters={"head": ("in", users)}, fields=["name", "head"], as_list=True
	):
		offices.setdefault(head, []).append(f"{office}（负责人）")
	for parenttype, table in (
		("Petition Office", "Petition Office Member"),
		("Mediation Organization", "Mediation Organization Member"),
	):
		for parent, member in frappe.get_all(
			table,
			filters={"user": ("in", users), "parenttype": parenttype},
			fields=["parent", "user"],
			as_list=True,
		):
			if f"{parent}（负责人）" not in offices.get(member, []) and parent not in offices.get(member, []):
				offices.setdefault(member, []).append(parent)
	return offices


def login_lines(prefix: str = "demo.") -> list[str]:
	"""One line a login: 角色  姓名  登录名  所在单位."""
	return [
		f"{row['role']}  {row['full_name']}  {row['login']}" + (f"  {row['office']}" if row["office"] else "")
		for row in login_rows(prefix)
	]


def print_logins(prefix: str = "demo.") -> None:
	for line in login_lines(prefix):
		print(line)
