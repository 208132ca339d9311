"""Confidentiality through the REST API, over real HTTP requests with each user's API key."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import frappe
from frappe.tests.test_api import FrappeAPITestCase

from xinfang_app.tests.utils import api_token, make_office, make_user, valid_id

IDENTITY = (
	"petitioner_name",
	"petitioner_phone",
	"petitioner_id_number",
	"petitioner_address",
	"confidential_notes",
)


class TestRestConfidentiality(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.keys = {}
		for key, roles in {
			"rest_officer": ["Petition Officer"],
			"rest_handler": ["Case Handler"],
			"rest_cardio": ["Hospital Leader"],
		}.items():
			cls.keys[key] = api_token(make_user(key, roles))
		make_office("医务科", head=None, members=["rest_handler@xf.test"])
		make_office("心内科", kind="Clinical Department", members=["rest_cardio@xf.test"])
		cls.report = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"matter_kind": "Report",
				"subject": "举报心内科医生收受红包（接口测试）",
				"request": "请求查处",
				"department_concerned": "心内科",
				"handling_office": "医务科",
				"petitioner_name": "孙接口",
				"petitioner_phone": "13988887777",
				"petitioner_id_number": valid_id("44030619900101123"),
				"petitioner_address": "深圳市南山区科技园",
				"confidential_notes": "附转账记录",
			}
		).insert()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.delete_doc(
			"Petition", cls.report.name, force=True, ignore_permissions=True, ignore_on_trash=True
		)
		frappe.db.commit()
		super().tearDownClass()

	def as_(self, key, path, **params):
		url = path + ("?" + urlencode(params) if params else "")
		return self.get(url, headers={"Authorization": self.keys[key]})

	def test_member_of_reported_unit_gets_nothing(self):
		response = self.as_("rest_cardio", self.resource("Petition", self.report.name))
		self.assertEqual(response.status_code, 403)
		self.assertNotIn("孙接口", response.get_data(as_text=True))
		listing = self.as_(
			"rest_cardio",
			self.resource("Petition"),
			fields=json.dumps(["name", "subject"]),
			limit_page_length=0,
		)
		self.assertEqual(listing.status_code, 200)
		self.assertNotIn(self.report.name, [r["name"] for r in listing.json["data"]])

	def test_handler_reads_the_matter_but_never_the_identity(self):
		response = self.as_("rest_handler", self.resource("Petition", self.report.name))
		self.assertEqual(response.status_code, 200)
		data = response.json["data"]
		self.assertEqual(data["subject"], self.report.subject)
		for field in IDENTITY:
			self.assertFalse(data.get(field), field)
		listing = self.as_(
			"rest_handler",
			self.resource("Petition"),
			fields=json.dumps(["name", *IDENTITY]),
			filters=json.dumps([["name", "=", self.report.name]]),
		)
		self.assertEqual(listing.status_code, 200)
		self.assertEqual(len(listing.json["data"]), 1)
		for field in IDENTITY:
			self.assertFalse(listing.json["data"][0].get(field), field)
		self.assertNotIn("13988887777", listing.get_data(as_text=True))

	def test_handler_cannot_narrow_or_order_the_list_by_identity(self):
		for params in (
			{"filters": json.dumps([["petitioner_phone", "like", "139%"]])},
			{"filters": json.dumps({"petitioner_id_number": ["like", "4403%"]})},
			{"or_filters": json.dumps([["petitioner_name", "=", "孙接口"]])},
			{"order_by": "petitioner_phone desc"},
		):
			response = self.as_(
				"rest_handler", self.resource("Petition"), fields=json.dumps(["name"]), **params
			)
			self.assertEqual(response.status_code, 403, params)
			self.assertNotIn(self.report.name, response.get_data(as_text=True), params)

	def test_a_registered_petition_cannot_be_deleted_over_rest(self):
		frappe.db.set_value("Petition", self.report.name, "workflow_state", "Registered")
		frappe.db.commit()
		response = self.delete(
			self.resource("Petition", self.report.name), headers={"Authorization": self.keys["rest_officer"]}
		)
		self.assertTrue(400 <= response.status_code < 500, response.status_code)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists("Petition", self.report.name))

	def test_officer_reads_the_identity(self):
		response = self.as_("rest_officer", self.resource("Petition", self.report.name))
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["data"]["petitioner_name"], "孙接口")


class TestRestMediatorScope(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		from xinfang_app.xinfang.doctype.mediation.test_mediation import make_org

		super().setUpClass()
		frappe.set_user("Administrator")
		email = make_user("rest_mediator", ["Mediator"])
		cls.token = api_token(email)
		ours = make_org("接口测试医调委", "Medical Dispute Mediation Committee", [email])
		theirs = make_org("接口测试卫健委调解办", "Health Commission Mediation Office", [])
		cls.petition = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Visit",
				"matter_kind": "Appeal",
				"subject": "分娩并发症医疗纠纷（接口测试）",
				"request": "要求赔偿",
				"petitioner_name": "周接口",
				"petitioner_id_number": valid_id("11010519850101002"),
			}
		).insert()
		cls.docs = [
			frappe.get_doc(
				{
					"doctype": "Mediation",
					"petition": cls.petition.name,
					"route": route,
					"mediation_organization": org,
					"applied_on": frappe.utils.today(),
					"parties": [
						{
							"side": "Patient Side",
							"party_role": "Party",
							"party_name": "周接口",
							"id_number": valid_id("11010519850101002"),
						}
					],
				}
			).insert()
			for route, org in (("People's Mediation", ours), ("Administrative Mediation", theirs))
		]
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doc in cls.docs:
			frappe.delete_doc(
				"Mediation", doc.name, force=True, ignore_permissions=True, ignore_on_trash=True
			)
		frappe.delete_doc(
			"Petition", cls.petition.name, force=True, ignore_permissions=True, ignore_on_trash=True
		)
		frappe.db.commit()
		super().tearDownClass()

	def get_as_mediator(self, *parts):
		return self.get(self.resource(*parts), headers={"Authorization": self.token})

	def test_mediator_reads_own_mediation_without_id_numbers(self):
		response = self.get_as_mediator("Mediation", self.docs[0].name)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["data"]["petition_subject"], self.petition.subject)
		self.assertNotIn(self.petition.petitioner_id_number, response.get_data(as_text=True))

	def test_mediator_cannot_reach_the_petition_or_another_organisation(self):
		self.assertEqual(self.get_as_mediator("Petition", self.petition.name).status_code, 403)
		self.assertEqual(self.get_as_mediator("Mediation", self.docs[1].name).status_code, 403)
		listing = self.get_as_mediator("Mediation")
		self.assertEqual(listing.status_code, 200)
		names = {r["name"] for r in listing.json["data"]}
		self.assertIn(self.docs[0].name, names)
		self.assertNotIn(self.docs[1].name, names)
