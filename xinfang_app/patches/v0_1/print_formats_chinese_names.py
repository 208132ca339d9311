"""The shipped print formats are named in Chinese, the names the print picker lists and searches
(typing 意见书 finds 信访事项处理意见书). Sites installed before keep their records under the new names:
each is renamed before the model sync, so a DocType's default print format and every link follow it."""

import frappe

RENAMED = {
	"Petition Acceptance Notice": "受理告知书",
	"Petition Non-acceptance Notice": "不予受理告知书",
	"Petition Extension Notice": "延期告知书",
	"Petition Written Opinion": "信访事项处理意见书",
	"Petition Handling Slip": "信访处理单",
	"Mediation Agreement": "调解协议书",
	"Medical Record Seal List": "病历封存清单",
	"Joint Meeting Minutes": "联席会议纪要",
}


def execute():
	for old, new in RENAMED.items():
		if not frappe.db.exists("Print Format", old):
			continue
		if frappe.db.exists("Print Format", new):
			frappe.delete_doc("Print Format", old, force=True, ignore_permissions=True)
			continue
		frappe.rename_doc("Print Format", old, new, force=True, show_alert=False, rebuild_search=False)
