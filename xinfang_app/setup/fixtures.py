"""Fixtures the product's own commands need — the demo year, the benchmark, the production check and the
hospital-stack checks — and the site tests too: users with exactly the roles they need, offices, petitions."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, now_datetime

DOMAIN = "xf.test"


def make_user(key: str, roles: list[str]) -> str:
	email = f"{key}@{DOMAIN}"
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
		current = {r.role for r in user.roles}
		if current != set(roles):
			user.set("roles", [])
			user.add_roles(*roles) if roles else user.save(ignore_permissions=True)
		return email
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": key,
			"send_welcome_email": 0,
			"user_type": "System User",
			"language": "en",
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	# A user with no role must really have none (a bare new user is not given any here).
	user.set("roles", [])
	user.save(ignore_permissions=True)
	if roles:
		user.add_roles(*roles)
	return email


def api_token(email: str, **values) -> str:
	"""A new API secret for the user ``email`` (an existing key is kept), saved with any other ``values`` of the
	User; returns the value of the Authorization header, ``token key:secret``. The caller commits."""
	user = frappe.get_doc("User", email)
	secret = frappe.generate_hash(length=15)
	user.api_key = user.api_key or frappe.generate_hash(length=15)
	user.api_secret = secret
	user.update(values)
	user.save(ignore_permissions=True)
	return f"token {user.api_key}:{secret}"


def make_office(
	name: str, kind: str = "Handling Office", head: str | None = None, members: list[str] = ()
) -> str:
	if frappe.db.exists("Petition Office", name):
		office = frappe.get_doc("Petition Office", name)
	else:
		office = frappe.get_doc({"doctype": "Petition Office", "office_name": name, "office_kind": kind})
	office.head = head
	office.set("members", [{"user": m} for m in members])
	office.save(ignore_permissions=True)
	return name


def petition(**values):
	"""A registered-ready petition as the current user would enter it."""
	data = {
		"doctype": "Petition",
		"channel": "Letter",
		"received_at": add_days(now_datetime(), -1),
		"matter_kind": "Appeal",
		"subject": "对住院期间护士服务态度的投诉",
		"request": "要求护士当面道歉并改进服务",
		"facts": "2026年11月住院期间，夜班护士多次拒绝回应呼叫铃。",
		"petitioner_name": "王芳",
		"petitioner_phone": "13812345678",
		"handling_office": "医务科",
	}
	data.update(values)
	return frappe.get_doc(data).insert()


def valid_id(first17: str = "11010519491231002") -> str:
	from xinfang_app.rules.identity import id_check_digit

	return first17 + id_check_digit(first17)


def gender(name: str = "Female") -> str:
	"""A Gender record (ERPNext's Patient and Employee need one)."""
	if not frappe.db.exists("Gender", name):
		frappe.get_doc({"doctype": "Gender", "gender": name}).insert(ignore_permissions=True)
	return name


def make_org(name: str, kind: str, members: list[str] = ()) -> str:
	"""A Mediation Organization with exactly these members."""
	org = (
		frappe.get_doc("Mediation Organization", name)
		if frappe.db.exists("Mediation Organization", name)
		else frappe.get_doc(
			{"doctype": "Mediation Organization", "organization_name": name, "organization_kind": kind}
		)
	)
	org.set("members", [{"user": m} for m in members])
	org.save(ignore_permissions=True)
	return name
