"""Quiet when something is not set up, loud once: what is missing is told to the administrator once a day.

A scheduled job that finds no SMS gateway, or a mailbox that cannot be reached, would otherwise write an
Error Log on every run — thousands a day, and a real error among them is no longer found. Here such a
condition writes at most one Error Log a day for each thing that is missing (the SMS gateway, each e-mail
account), and Petition Settings shows a line for each while it lasts (``settings_lines``).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, get_datetime, now_datetime

OUTBOX = "Petition SMS"
NO_GATEWAY = "Not Sent: No Gateway"
MAIL_FAILING = "xinfang_mail_failing:"
TELL_EVERY_HOURS = 24
DEFAULT_SMS_EXPIRY_HOURS = 72


def tell_once(
	title: str,
	message: str,
	reference_doctype: str,
	reference_name: str,
	now=None,
) -> bool:
	"""Write the Error Log ``title`` for this reference unless one was written in the last day."""
	now = get_datetime(now) if now else now_datetime()
	if frappe.db.exists(
		"Error Log",
		{
			"method": title,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"creation": (">=", add_to_date(now, hours=-TELL_EVERY_HOURS)),
		},
	):
		return False
	frappe.log_error(
		title=title, message=message, reference_doctype=reference_doctype, reference_name=reference_name
	)
	return True


# ------------------------------------------------------------------ SMS
def sms_gateway_set() -> bool:
	return bool((frappe.db.get_single_value("SMS Settings", "sms_gateway_url") or "").strip())


def sms_expiry_hours() -> int:
	from xinfang_app.services.settings import settings

	return cint(settings().sms_expiry_hours) or DEFAULT_SMS_EXPIRY_HOURS


def no_gateway_reason() -> str:
	return _("Not sent: no SMS gateway is set up in SMS Settings.")


def waiting_sms() -> int:
	return frappe.db.count(OUTBOX, {"status": NO_GATEWAY})


def tell_no_gateway(now=None) -> bool:
	waiting = waiting_sms()
	if not waiting:
		return False
	return tell_once(
		_("SMS to petitioners wait: no SMS gateway is set up"),
		_(
			"{0} SMS to petitioners are waiting because no SMS gateway is set up in SMS Settings. They are sent as soon as a gateway is set up; those still waiting after {1} hours expire. This is logged once a day."
		).format(waiting, sms_expiry_hours()),
		"SMS Settings",
		"SMS Settings",
		now,
	)


# ------------------------------------------------------------------ e-mail accounts
def mail_account_failed(account: str, error: str, now=None):
	"""A pull that could not reach the mailbox: told once a day, remembered for Petition Settings."""
	now = get_datetime(now) if now else now_datetime()
	key = MAIL_FAILING + account
	state = failing_state(account)
	since = state.get("since") or str(now)
	frappe.db.set_default(key, json.dumps({"since": since, "last": str(now), "error": error[-500:]}))
	tell_once(
		_("E-mail account {0} cannot be reached").format(account),
		_(
			"Mail of the e-mail account {0} could not be fetched since {1}. Check its server, port and password. This is logged once a day while it lasts."
		).format(account, since)
		+ "\n\n"
		+ error,
		"Email Account",
		account,
		now,
	)


def mail_account_reached(account: str):
	if failing_state(account):
		frappe.db.set_default(MAIL_FAILING + account, None)


def failing_state(account: str) -> dict:
	value = frappe.db.get_value(
		"DefaultValue", {"parent": "__default", "defkey": MAIL_FAILING + account}, "defvalue"
	)
	try:
		return json.loads(value) if value else {}
	except ValueError:
		return {}


def failing_mail_accounts() -> dict[str, dict]:
	rows = frappe.get_all(
		"DefaultValue",
		filters={"parent": "__default", "defkey": ("like", MAIL_FAILING + "%")},
		fields=["defkey", "defvalue"],
	)
	found = {}
	for row in rows:
		account = row.defkey[len(MAIL_FAILING) :]
		if not frappe.db.exists("Email Account", {"name": account, "enable_incoming": 1}):
			continue
		try:
			found[account] = json.loads(row.defvalue or "{}")
		except ValueError:
			found[account] = {}
	return found


# ------------------------------------------------------------------ Petition Settings
def settings_lines() -> list[dict]:
	"""What is not working now, one line each, for the top of Petition Settings: ``{"topic", "text"}``."""
	lines = []
	waiting = waiting_sms()
	if waiting:
		lines.append(
			line(
				"sms",
				_(
					"{0} SMS are waiting: no SMS gateway is set up in SMS Settings. They are sent once it is set up; after {1} hours unsent ones expire."
				).format(waiting, sms_expiry_hours()),
				count=waiting,
			)
		)
	for account, state in failing_mail_accounts().items():
		lines.append(
			line(
				"mail",
				_("E-mail account {0} cannot be reached since {1}: its mail is not fetched.").format(
					account, str(state.get("since") or "")[:16]
				),
				account=account,
			)
		)
	return lines


def line(topic: str, text: str, **details) -> dict:
	return {"topic": topic, "text": text, **details}
