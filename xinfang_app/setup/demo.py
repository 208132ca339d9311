"""A living year of a hospital's petition work, for a newcomer to look around in.

    bench --site SITE make-xinfang-demo

Creates offices and their staff (password printed at the end), about forty petitions a month over the
last twelve months in every state of the workflow, repeat petitioners and leader-owned old cases,
joint meetings, supervision orders, reception days and mediations, responsibility findings, suggestions
and rectification plans (setup/demo_accountability.py). Everything is fictitious and
reproducible (a fixed random seed). Meant for a demo or training site, never a production one.
"""

from __future__ import annotations

import datetime as dt
import random

import frappe
from frappe.utils import add_days, getdate, today

from xinfang_app.rules.identity import id_check_digit
from xinfang_app.setup.fixtures import make_office, make_user
from xinfang_app.xinfang.doctype.supervision_order.supervision_order import escalate_overdue

PASSWORD = "Demo@2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文辉建华玉兰萍红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣怡佳琪晨阳子涵雨轩"
DISTRICTS = [
	"上城区解放路",
	"拱墅区湖墅南路",
	"西湖区文三路",
	"滨江区江南大道",
	"萧山区人民路",
	"余杭区临平大道",
	"钱塘区学源街",
]
CLINICAL = [
	"心内科",
	"普外科",
	"骨科",
	"儿科",
	"妇产科",
	"急诊科",
	"门诊部",
	"检验科",
	"影像科",
	"收费处",
	"后勤保障部",
]
STAFF = {
	"医务科": ("李医务", "周主任"),
	"护理部": ("王护理", "吴护士长"),
	"精神文明办": ("赵文明", "郑主任"),
	"工会": ("钱工会", "冯主席"),
}
# (category, office, kind, department choices, subjects, requests)
MATTERS = [
	(
		"医疗质量与安全",
		"医务科",
		"Appeal",
		["普外科", "骨科", "心内科", "妇产科"],
		[
			"对{d}手术后并发症处理不及时的投诉",
			"{d}误诊导致病情延误",
			"对{d}用药不当的投诉",
			"{d}术前告知不充分",
		],
		["要求医院说明原因并承担相应医疗费用", "要求组织专家会诊并书面答复", "要求赔偿医疗费和误工费"],
	),
	(
		"护理服务",
		"护理部",
		"Appeal",
		["心内科", "儿科", "骨科", "急诊科"],
		["{d}夜班护士呼叫不应", "{d}护士输液操作不规范", "对{d}护理人员服务态度的投诉"],
		["要求护士当面道歉", "要求加强夜间巡视", "要求改进护理服务"],
	),
	(
		"服务态度与医德医风",
		"精神文明办",
		"Appeal",
		["门诊部", "急诊科", "检验科", "影像科"],
		["{d}医生态度生硬", "{d}候诊时间过长无人解释", "对{d}工作人员推诿的投诉"],
		["要求相关人员道歉", "要求改进服务流程", "要求医院给出处理结果"],
	),
	(
		"收费与价格",
		"精神文明办",
		"Appeal",
		["收费处", "门诊部", "检验科"],
		["{d}重复收取检查费", "{d}收费项目与实际不符", "医保结算金额有误"],
		["要求退还多收的费用", "要求提供收费明细", "要求重新结算"],
	),
	(
		"职工权益",
		"工会",
		"Appeal",
		["后勤保障部", "护理部"],
		["{d}职工加班费未按时发放", "对{d}岗位调整不公的意见", "{d}劳务派遣人员待遇问题"],
		["要求补发加班费", "要求重新核定岗位", "要求落实同工同酬"],
	),
	(
		"违纪违法举报",
		"精神文明办",
		"Report",
		["普外科", "骨科", "影像科"],
		["举报{d}医生收受红包", "举报{d}工作人员违规收取费用"],
		["请求依规调查处理", "请求查实后严肃处理"],
	),
	(
		"意见建议",
		"信访办",
		"Suggestion",
		["门诊部", "后勤保障部"],
		["建议{d}增加自助挂号机", "建议{d}延长午间门诊时间", "建议医院增设停车位"],
		["希望医院采纳", "建议尽快改进"],
	),
]
CHANNELS = [
	("Letter", 8),
	("Visit", 22),
	("Phone", 30),
	("Online", 25),
	("Email", 3),
	("Hotline Transfer", 8),
	("Assigned by Superior", 4),
]
OUTCOMES = {
	"Appeal": ["Supported", "Explained", "Not Supported"],
	"Suggestion": ["Adopted", "Partially Adopted", "Not Adopted"],
	"Report": ["Substantiated", "Partially Substantiated", "Unsubstantiated"],
}
REPLIES = {
	"Supported": "经调查核实，您反映的问题属实。医院已责成相关科室整改，并对相关人员进行了批评教育。",
	"Explained": "经调查核实，相关诊疗行为符合诊疗规范。现将有关情况向您解释说明如下：……",
	"Not Supported": "经调查核实，您反映的问题缺乏事实依据，诉求不予支持。如不服，可申请复查。",
	"Adopted": "感谢您的建议，医院已采纳并将于下季度实施。",
	"Partially Adopted": "感谢您的建议，医院将部分采纳并逐步改进。",
	"Not Adopted": "感谢您的建议，因场地条件所限暂不能实施。",
	"Substantiated": "经纪检部门调查，举报问题查实，已依规处理。",
	"Partially Substantiated": "经纪检部门调查，举报问题部分属实，已依规处理。",
	"Unsubstantiated": "经纪检部门调查，举报问题查无实据。",
}


class Demo:
	def __init__(self, seed: int = 2026):
		self.rng = random.Random(seed)
		self.today = getdate(today())
		self.people: list[dict] = []

	# ------------------------------------------------------------------ people
	def person(self) -> dict:
		rng = self.rng
		name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
		first17 = f"330{rng.randint(100, 199)}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
		return {
			"petitioner_name": name,
			"petitioner_phone": f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
			"petitioner_id_number": first17 + id_check_digit(first17) if rng.random() < 0.6 else None,
			"petitioner_address": f"杭州市{rng.choice(DISTRICTS)}{rng.randint(1, 300)}号",
		}

	def staff(self):
		self.users = {}
		for office, (handler, head) in STAFF.items():
			h = self.user(f"{office}.handler", handler, ["Case Handler"])
			d = self.user(f"{office}.head", head, ["Department Head"])
			make_office(office, head=d, members=[h])
			self.users[office] = (h, d)
		officer = self.user("officer", "张敏", ["Petition Officer"])
		make_office(
			"信访办",
			kind="Receiving Office",
			head=self.user("manager", "孙管理", ["Petition Manager", "Petition Officer"]),
			members=[officer],
		)
		self.users["信访办"] = (officer, officer)
		self.officer = officer
		self.leaders = [
			self.user("president", "刘院长", ["Hospital Leader"]),
			self.user("vice.president", "陈副院长", ["Hospital Leader"]),
		]
		self.supervisor = self.user("supervisor", "马督查", ["Petition Supervisor"])
		self.mediator = self.user("mediator", "周调解", ["Mediator"])
		for unit in CLINICAL:
			make_office(
				unit,
				kind="Clinical Department"
				if "科" in unit or unit == "门诊部"
				else "Administrative Department",
			)

	def user(self, key: str, full_name: str, roles: list[str]) -> str:
		email = make_user(
			f"demo.{key}".replace("科", "k")
			.replace("部", "b")
			.replace("办", "o")
			.replace("工会", "union")
			.replace("精神文明", "civility")
			.replace("医务", "medical")
			.replace("护理", "nursing"),
			roles,
		)
		user = frappe.get_doc("User", email)
		user.first_name, user.language = full_name, "zh"
		user.new_password = PASSWORD
		user.save(ignore_permissions=True)
		return email

	# --------------------------------------------------------------- petitions
	def petitions(self, per_month: int = 40):
		self.made: list[dict] = []
		start = dt.datetime.combine(getdate(add_days(self.today, -365)), dt.time())
		for hour in (9, 10, 14):  # today's first visitors
			self.petition(dt.datetime.combine(self.today, dt.time(hour)))
		for _i in range(per_month * 12):
			received = start + dt.timedelta(
				days=self.rng.randint(0, 364), hours=self.rng.randint(8, 17), minutes=self.rng.randint(0, 59)
			)
			self.petition(received)
		frappe.db.commit()

	def petition(self, received: dt.datetime, state: str | None = None):
		"""One petition received at ``received``, in a state its age makes likely (or ``state``), holding
		what that state needs so that it can be walked on from there."""
		rng = self.rng
		category, office, kind, departments, subjects, requests = rng.choices(
			MATTERS, weights=(30, 18, 20, 14, 6, 4, 8)
		)[0]
		department = rng.choice(departments)
		repeat_of = rng.random() < 0.08 and [
			m for m in self.made if m["category"] == category and m["received"] < received
		]
		who = repeat_of[-1]["who"] if repeat_of else self.person()
		subject = rng.choice(subjects).format(d=department)
		anonymous = kind != "Appeal" and rng.random() < 0.3
		data = {
			"doctype": "Petition",
			"channel": rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0],
			"received_at": received,
			"matter_kind": kind,
			"category": category,
			"handling_office": office,
			"department_concerned": department,
			"subject": repeat_of[-1]["subject"] if repeat_of else subject,
			"request": rng.choice(requests),
			"facts": f"{received:%Y年%m月%d日}，{subject}。",
			"is_anonymous": int(anonymous),
			"is_escalated": int(rng.random() < 0.03),
			**({} if anonymous else who),
		}
		age = (self.today - received.date()).days
		state = state or self.state_for(age, kind)
		handler = self.users.get(office, self.users["信访办"])[0]
		if state not in ("Draft", "Registered"):
			decided = add_days(received.date(), rng.randint(1, 6))
			data.update({"notice_sent_on": decided})
			if state in ("Not Accepted", "Transferred"):
				data.update(
					{
						"acceptance": state if state == "Not Accepted" else "Transferred",
						"acceptance_reason": "该事项已进入诉讼程序，依法不予受理。"
						if state == "Not Accepted"
						else "属于卫生健康委职责范围，已转送。",
						"transferred_to": "市卫生健康委员会" if state == "Transferred" else None,
					}
				)
			else:
				data.update({"acceptance": "Accepted", "accepted_on": decided})
		if state in ("Pending Approval", "Replied", "Concluded", "Archived"):
			# a reply waiting for approval holds what the approver approves: the outcome and the reply
			outcome = rng.choice(OUTCOMES[kind])
			data.update(
				{
					"outcome": outcome,
					"reply": REPLIES[outcome],
					"legal_basis": "《信访工作条例》第三十二条",
					"findings": "经调取病历、询问当事医护人员，核实情况如下：……",
				}
			)
		if state in ("Replied", "Concluded", "Archived"):
			late = rng.random() < 0.06
			replied = add_days(data["accepted_on"], rng.randint(61, 75) if late else rng.randint(10, 55))
			replied = min(getdate(replied), self.today)
			data["replied_on"] = replied
			# the written opinion went out, most the same or the next days; a few recent ones not yet
			if state != "Replied" or rng.random() < 0.6:
				data.update(
					{
						"opinion_sent_on": min(getdate(add_days(replied, rng.randint(0, 2))), self.today),
						"opinion_sent_by": rng.choice(["Post", "In Person", "Post"]),
					}
				)
			if state != "Replied":
				data["concluded_on"] = min(getdate(add_days(replied, rng.randint(0, 5))), self.today)
			if rng.random() < 0.7:
				data["satisfaction"] = rng.choices(
					["Satisfied", "Basically Satisfied", "Dissatisfied"], weights=(65, 20, 15)
				)[0]
		doc = frappe.get_doc(data).insert(ignore_permissions=True)
		clock = {
			"Draft": "Running",
			"Registered": "Running",
			"Accepted": "Running",
			"In Progress": "Running",
			"Pending Approval": "Running",
		}.get(state, "Stopped")
		frappe.db.set_value(
			"Petition",
			doc.name,
			{"workflow_state": state, "clock_status": clock, "handler": handler if doc.accepted_on else None},
			update_modified=False,
		)
		if state == "Pending Approval":
			# the approvers hear of the waiting reply in their bell, as after a handler's 提交答复
			from xinfang_app.services.next_step import notify_next_actors

			notify_next_actors(frappe.get_doc("Petition", doc.name), actor=handler)
		self.made.append(
			{
				"name": doc.name,
				"category": category,
				"received": received,
				"who": who,
				"subject": data["subject"],
				"state": state,
			}
		)

	def state_for(self, age: int, kind: str) -> str:
		rng = self.rng
		if age < 3:
			return rng.choice(["Draft", "Registered"])
		if rng.random() < 0.07:
			return rng.choice(["Not Accepted", "Transferred"])
		if age < 15:
			return rng.choice(["Registered", "Accepted", "In Progress"])
		if age < 50:
			return rng.choices(
				["In Progress", "Pending Approval", "Replied", "Concluded"], weights=(45, 15, 25, 15)
			)[0]
		if age < 75:
			return rng.choices(["In Progress", "Replied", "Concluded"], weights=(12, 30, 58))[0]
		return rng.choices(["Replied", "Concluded", "Archived", "In Progress"], weights=(5, 35, 57, 3))[0]

	def finish_deadlines(self):
		"""Stopped clocks get Met or Missed, running ones the daily sweep's status."""
		from xinfang_app.tasks import sweep_deadlines

		frappe.db.sql(
			"""update `tabPetition` set deadline_status = if(
				coalesce(replied_on, concluded_on, notice_sent_on) <= coalesce(due_date, notice_due), 'Met', 'Missed')
			where clock_status = 'Stopped'"""
		)
		frappe.db.sql(
			"update `tabPetition` set next_deadline = coalesce(due_date, notice_due) where clock_status = 'Running'"
		)
		sweep_deadlines()
		frappe.db.commit()

	# ----------------------------------------------------------- the rest
	def cases_meetings_orders(self):
		rng = self.rng
		repeaters: dict[str, list[str]] = {}
		for m in self.made:
			repeaters.setdefault(m["who"]["petitioner_phone"], []).append(m["name"])
		old = [names for names in repeaters.values() if len(names) >= 2][:6]
		for i, names in enumerate(old):
			frappe.get_doc(
				{
					"doctype": "Case Owner",
					"case_title": f"信访老户化解（{i + 1}）",
					"leader": self.leaders[i % 2],
					"is_old_case": 1,
					"status": [
						"Resolved",
						"Petitioning Stopped",
						"Active",
						"Active",
						"Resolved",
						"Escalated",
					][i],
					"target_date": add_days(self.today, 20 + 10 * i),
					"petitions": [{"petition": n} for n in names],
					"resolution_plan": "院领导包案，医务科牵头，每月约谈一次，三个月内化解。",
					"situation_status": "Done",
					"education_status": "In Progress",
					"resolution_status": "In Progress",
					"stop_status": "Not Started",
				}
			).insert(ignore_permissions=True)
		for month in range(12):
			day = add_days(self.today, -30 * month - 5)
			discussed = [m["name"] for m in rng.sample(self.made, 3)]
			frappe.get_doc(
				{
					"doctype": "Joint Meeting",
					"meeting_title": f"{getdate(day):%Y年%m月}信访工作联席会议",
					"meeting_type": "Joint Conference",
					"status": "Minutes Approved" if month else "Held",
					"starts_on": f"{day} 15:00:00",
					"place": "行政楼三楼会议室",
					"convener": self.leaders[0],
					"offices": [{"office": o} for o in STAFF],
					"petitions": [{"petition": n, "decision": "由承办科室按期答复。"} for n in discussed],
					"minutes": "<p>通报本月信访情况，研究疑难信访事项。</p>" if month else None,
					"minutes_approved_by": self.leaders[0] if month else None,
					"minutes_approved_on": day if month else None,
				}
			).insert(ignore_permissions=True)
		open_ones = [m for m in self.made if m["state"] == "In Progress"][:10]
		for i, m in enumerate(open_ones):
			order = frappe.get_doc(
				{
					"doctype": "Supervision Order",
					"petition": m["name"],
					"due_date": add_days(self.today, 3 * i + 1),
					"instruction": "请于期限内办结并书面报告办理情况。",
				}
			).insert(ignore_permissions=True)
			if i < 3:  # three orders ran out unanswered
				frappe.db.set_value("Supervision Order", order.name, "due_date", add_days(self.today, -i - 1))
		escalate_overdue()
		for week in range(52):
			frappe.get_doc(
				{
					"doctype": "Reception Day",
					"leader": self.leaders[week % 2],
					"reception_date": add_days(self.today, -7 * week),
					"place": "门诊楼一楼信访接待室",
					"status": "Held" if week else "Scheduled",
				}
			).insert(ignore_permissions=True)
		frappe.db.commit()

	def mediations(self):
		from xinfang_app.setup.fixtures import make_org

		committee = make_org(
			"市医疗纠纷人民调解委员会", "Medical Dispute Mediation Committee", [self.mediator]
		)
		commission = make_org("市卫生健康委医疗纠纷调解办公室", "Health Commission Mediation Office", [])
		medical = [m for m in self.made if m["category"] == "医疗质量与安全" and m["state"] != "Draft"][:16]
		for i, m in enumerate(medical):
			route = ["People's Mediation", "Negotiation", "Administrative Mediation", "People's Mediation"][
				i % 4
			]
			applied = add_days(m["received"].date(), 10)
			agreed = i % 3 != 2 and getdate(add_days(applied, 40)) < self.today
			frappe.get_doc(
				{
					"doctype": "Mediation",
					"petition": m["name"],
					"route": route,
					"mediation_organization": committee
					if route == "People's Mediation"
					else (commission if route != "Negotiation" else None),
					"applied_on": applied,
					"accepted_on": add_days(applied, 3),
					"parties": [
						{
							"side": "Patient Side",
							"party_role": "Party",
							"party_name": m["who"]["petitioner_name"],
						},
						{"side": "Hospital Side", "party_role": "Representative", "party_name": "医务科"},
					],
					"outcome": "Agreement" if agreed else None,
					"agreement_date": add_days(applied, 35) if agreed else None,
					"compensation_amount": self.rng.randrange(5000, 150000, 500) if agreed else None,
					"payer": "Liability Insurer" if agreed else None,
					"agreement_terms": "医方一次性补偿患方医疗费、误工费。" if agreed else None,
				}
			).insert(ignore_permissions=True)
		frappe.db.commit()


def make(seed: int = 2026, per_month: int = 40) -> str:
	frappe.set_user("Administrator")
	demo = Demo(seed)
	demo.staff()
	settings = frappe.get_single("Petition Settings")
	settings.institution_name = settings.institution_name or "示例市第一人民医院"
	settings.save()
	demo.petitions(per_month)
	demo.finish_deadlines()
	demo.cases_meetings_orders()
	demo.mediations()
	from xinfang_app.setup.demo_accountability import make as follow_through

	follow_through(demo)
	return f"{len(demo.made)} petitions; staff password {PASSWORD}; officer {demo.officer}"
