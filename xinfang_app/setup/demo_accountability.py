"""The demo's follow-through after complaints: responsibility findings, the three suggestions, rectification
plans (verified, failed and reopened, overdue) so that the Unit Evaluation and the Staff Finding Tally have a
year to show. Called by ``setup.demo.make``; fictitious and reproducible like the rest of the demo."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate

FINDINGS = (
	"Primary Responsibility",
	"Secondary Responsibility",
	"Full Responsibility",
	"No Responsibility",
	"Pending",
)
DOCTORS = ("李医生", "王医生", "张护士", "刘护士", "陈医生", "杨技师")


def make(demo) -> dict[str, int]:
	"""Findings on concluded complaints, suggestions to the units most complained about, and their plans."""
	frappe.set_user(demo.officer)
	rng = demo.rng
	done = [m for m in demo.made if m["state"] in ("Replied", "Concluded", "Archived")]
	findings = 0
	for i, m in enumerate(done[:60]):
		petition = frappe.db.get_value(
			"Petition", m["name"], ["department_concerned", "acceptance", "replied_on"], as_dict=True
		)
		if petition.acceptance != "Accepted" or not petition.department_concerned:
			continue
		verdict = FINDINGS[i % len(FINDINGS)]
		parties = [{"unit": petition.department_concerned, "finding": verdict, "basis": "经调查核实。"}]
		if verdict != "No Responsibility":
			parties.append(
				{
					"unit": petition.department_concerned,
					"staff_name": rng.choice(DOCTORS),
					"finding": rng.choice(FINDINGS[:3]),
					"basis": "当事医务人员沟通解释不到位。",
				}
			)
		doc = frappe.get_doc(
			{
				"doctype": "Responsibility Finding",
				"petition": m["name"],
				"decided_by": demo.officer,
				"decided_on": petition.replied_on or add_days(m["received"].date(), 20),
				"basis": "根据调查核实情况和相关诊疗规范认定。",
				"parties": parties,
			}
		).insert()
		doc.submit()
		findings += 1
	units = frappe.db.sql(
		"""select party.unit, group_concat(f.petition) from `tabResponsibility Finding Party` party
		join `tabResponsibility Finding` f on f.name = party.parent
		join `tabPetition` p on p.name = f.petition and p.matter_kind != 'Report'
		where f.docstatus = 1 and party.finding in ('Full Responsibility', 'Primary Responsibility')
			and ifnull(party.staff_name, '') = ''
		group by party.unit order by count(*) desc limit 4"""
	)
	kinds = ("Improve Work", "Improve Policy", "Hold Accountable", "Improve Work")
	answers = (
		("Adopted", None),
		("Partly Adopted", "人力不足，分步落实。"),
		(None, None),
		("Not Adopted", "与现行制度冲突。"),
	)
	suggestions = plans = 0
	for i, (unit, petitions) in enumerate(units):
		names = petitions.split(",")[:3]
		suggestion = frappe.get_doc(
			{
				"doctype": "Petition Suggestion",
				"suggestion_kind": kinds[i],
				"title": f"关于{unit}改进服务的建议",
				"addressed_unit": unit,
				"petitions": [{"petition": n} for n in names],
				"problem": f"{unit}近期投诉集中在沟通解释和候诊秩序。",
				"suggestion": "建议完善首诊沟通制度，公示候诊流程，每月分析投诉。",
			}
		).insert()
		suggestion.submit()
		suggestions += 1
		answer, reason = answers[i]
		if answer:
			frappe.db.set_value(
				"Petition Suggestion",
				suggestion.name,
				{
					"answer": answer,
					"reason": reason,
					"measures": "已修订科室服务规范并组织培训。" if answer != "Not Adopted" else None,
					"answered_by": demo.officer,
					"answered_on": demo.today,
					"status": "Answered",
				},
			)
		else:  # never answered: overdue
			frappe.db.set_value("Petition Suggestion", suggestion.name, "reply_due", add_days(demo.today, -3))
		plan = frappe.get_doc(
			{
				"doctype": "Rectification",
				"title": f"{unit}投诉问题整改",
				"unit": unit,
				"source": "Suggestion",
				"suggestion": suggestion.name,
				"petitions": [{"petition": n} for n in names],
				"problem": "沟通解释不到位，候诊秩序混乱。",
				"items": [
					{"measure": "修订首诊沟通制度", "due_date": add_days(demo.today, -20)},
					{"measure": "公示候诊流程", "due_date": add_days(demo.today, -5)},
					{"measure": "全员服务礼仪培训", "due_date": add_days(demo.today, 15)},
				],
			}
		).insert()
		plans += 1
		for idx, results in {0: ("Passed",), 1: ("Failed",)}.items():
			for result in results:
				plan = frappe.get_doc("Rectification", plan.name)
				plan.items[idx].done = 1
				plan.items[idx].evidence = "/files/xinfang-demo-evidence.pdf"
				plan.save()
				plan.items[idx].verification = result
				plan.save()
	from xinfang_app.xinfang.doctype.petition_suggestion.petition_suggestion import mark_overdue
	from xinfang_app.xinfang.doctype.rectification.rectification import escalate_overdue_items

	mark_overdue(getdate(demo.today))
	escalate_overdue_items(getdate(demo.today))
	frappe.set_user("Administrator")
	frappe.db.commit()
	return {"findings": findings, "suggestions": suggestions, "rectifications": plans}
