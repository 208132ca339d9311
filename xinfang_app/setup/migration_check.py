"""Shows that ``bench migrate`` leaves the administrator's configuration alone.

``make_admin_edit`` changes the installed defaults the way an administrator would in the UI,
``snapshot`` records every administrator-owned record, and after a migrate ``compare`` fails if any
of them changed. The test script runs these around a second migrate.
"""

from __future__ import annotations

import hashlib
import json

import frappe

ADMIN_OWNED = {
	"Workflow": {"document_type": ("in", ["Petition", "Mediation"])},
	"Notification": {"document_type": ("in", ["Petition", "Case Owner", "Supervision Order"])},
	"Petition Category": {},
	"Petition Office": {},
	"Working Calendar": {},
	"Role": {
		"name": (
			"in",
			[
				"Petition Manager",
				"Petition Officer",
				"Case Handler",
				"Department Head",
				"Hospital Leader",
				"Petition Supervisor",
				"Mediator",
				"Petitioner",
			],
		)
	},
}
ADMIN_NOTE = "Edited by the administrator: keep this text."


def make_admin_edit():
	workflow = frappe.get_doc("Workflow", "Petition Workflow")
	workflow.states[0].message = ADMIN_NOTE
	workflow.save()
	notification = frappe.get_doc("Notification", "Petition Due Soon")
	notification.subject = "【提醒】" + notification.subject.removeprefix("【提醒】")
	notification.save()
	settings = frappe.get_single("Petition Settings")
	settings.institution_name = settings.institution_name or "示例人民医院"
	settings.save()
	frappe.db.commit()


def fingerprint() -> dict[str, str]:
	prints = {}
	for doctype, filters in ADMIN_OWNED.items():
		for name in frappe.get_all(doctype, filters=filters, pluck="name", order_by="name"):
			doc = frappe.get_doc(doctype, name).as_dict(no_default_fields=True)
			prints[f"{doctype}/{name}"] = _digest(doc)
	prints["Petition Settings"] = _digest(
		frappe.get_single("Petition Settings").as_dict(no_default_fields=True)
	)
	return prints


def _digest(data: dict) -> str:
	return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def snapshot(path: str):
	with open(path, "w") as fh:
		json.dump(fingerprint(), fh, indent=1, ensure_ascii=False)


def compare(path: str):
	with open(path) as fh:
		before = json.load(fh)
	after = fingerprint()
	changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
	note_kept = frappe.get_doc("Workflow", "Petition Workflow").states[0].message == ADMIN_NOTE
	if changed or not note_kept:
		raise AssertionError(f"migrate changed administrator-owned records: {changed or ['Workflow note']}")
	print(f"migrate kept all {len(after)} administrator-owned records unchanged, the workflow edit included")
