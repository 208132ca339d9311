"""Steps of the test run around uninstalling Healthcare (run with ``bench execute``)."""

import frappe

from xinfang_app.setup.fixtures import gender, make_user, petition, valid_id


def make_patient_petition():
	frappe.set_user(make_user("uninstall_officer", ["Petition Officer"]))
	patient = frappe.get_doc(
		{
			"doctype": "Patient",
			"first_name": "卸载测试",
			"sex": gender(),
			"mobile": "13512340000",
			"uid": valid_id(),
		}
	).insert(ignore_permissions=True)
	petition(
		patient=patient.name,
		petitioner_name=None,
		petitioner_phone=None,
		patient_name=None,
		subject="卸载前的信访件",
	)
	frappe.db.commit()


def petition_count() -> int:
	count = frappe.db.count("Petition")
	print(count)
	return count


def after_uninstall(before: int):
	"""Every petition stays, with what it copied from the patient; the links into Healthcare are gone."""
	after = frappe.db.count("Petition")
	left = frappe.get_all(
		"Custom Field", filters={"dt": "Petition", "fieldname": ("in", ["patient", "practitioner"])}
	)
	kept = frappe.db.get_value("Petition", {"subject": "卸载前的信访件"}, "patient_name")
	if after != int(before) or left or kept != "卸载测试":
		raise AssertionError(f"petitions {before} -> {after}, fields left {left}, patient name {kept!r}")
	print(f"Healthcare uninstalled: all {after} petitions kept, its custom fields removed")
