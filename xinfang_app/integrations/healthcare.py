"""Healthcare: a petition names the Patient, the encounter or admission, the practitioner and the
medical department; the Patient form shows the patient's petitions."""

from __future__ import annotations

import frappe

CUSTOM_FIELDS = {
	"Petition": [
		{
			"fieldname": "patient",
			"label": "Patient",
			"fieldtype": "Link",
			"options": "Patient",
			"insert_after": "patient_section",
			"search_index": 1,
		},
		{
			"fieldname": "patient_encounter",
			"label": "Patient Encounter",
			"fieldtype": "Link",
			"options": "Patient Encounter",
			"insert_after": "medical_record_no",
		},
		{
			"fieldname": "inpatient_record",
			"label": "Inpatient Record",
			"fieldtype": "Link",
			"options": "Inpatient Record",
			"insert_after": "patient_encounter",
		},
		{
			"fieldname": "practitioner",
			"label": "Healthcare Practitioner",
			"fieldtype": "Link",
			"options": "Healthcare Practitioner",
			"insert_after": "inpatient_record",
		},
		{
			"fieldname": "medical_department",
			"label": "Medical Department",
			"fieldtype": "Link",
			"options": "Medical Department",
			"insert_after": "practitioner",
		},
	],
}


def fill_from_patient(doc):
	"""Fill what the Patient record already knows and the petition left empty."""
	if not doc.get("patient"):
		return
	patient = frappe.db.get_value(
		"Patient", doc.patient, ["patient_name", "mobile", "uid", "name"], as_dict=True
	)
	if not patient:
		return
	doc.patient_name = doc.patient_name or patient.patient_name
	doc.medical_record_no = doc.medical_record_no or patient.name
	if not doc.petitioner_name and not doc.is_anonymous:
		doc.petitioner_name = patient.patient_name
		doc.petitioner_phone = doc.petitioner_phone or patient.mobile
		doc.petitioner_id_number = doc.petitioner_id_number or patient.uid
	if doc.get("patient_encounter") and not doc.get("practitioner"):
		encounter = frappe.db.get_value(
			"Patient Encounter", doc.patient_encounter, ["practitioner", "medical_department"], as_dict=True
		)
		if encounter:
			doc.practitioner = encounter.practitioner
			doc.medical_department = doc.get("medical_department") or encounter.medical_department


def patient_dashboard(data):
	data.setdefault("non_standard_fieldnames", {})["Petition"] = "patient"
	data.setdefault("transactions", []).append({"label": "Petitions", "items": ["Petition"]})
	return data
