"""The satisfaction target (满意率) ships with a default of 90 %: a site that never set one gets it, once."""

import frappe


def execute():
	if frappe.db.get_single_value("Petition Settings", "target_satisfaction") in (None, "", 0):
		frappe.db.set_single_value("Petition Settings", "target_satisfaction", 90)
