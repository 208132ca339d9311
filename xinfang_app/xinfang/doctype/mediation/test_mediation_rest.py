# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""The mediator's writes through the REST API, as HTTP requests with the mediator's API key.

The requests run in their own transaction, so the data is committed here and deleted afterwards.
"""

from __future__ import annotations

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import today

from xinfang_app.tests.utils import make_user, valid_id
from xinfang_app.xinfang.doctype.mediation.test_mediation import make_org


def api_token(email: str) -> str:
	user = frappe.get_doc("User", email)
	secret = frappe.generate_hash(length=15)
	user.api_key = user.api_key or frappe.generate_hash(length=15)
	user.api_secret = secret
	user.save(ignore_permissions=True)
	return f"token {user.api_key}:{secret}"


class TestRestMediatorWrites(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		email = make_user("rest_writing_mediator", ["Mediator"])
		cls.token = api_token(email)
		ours = make_org("接口写入测试医调委", "Medical Dispute Mediation Committee", [email])
		theirs = make_org("接口写入测试卫健委调解办", "Health Commission Mediation Office", [])
		cls.petitions = [
			frappe.get_doc(
				{
					"doctype": "Petition",
					"channel": "Visit",
					"matter_kind": "Appeal",
					"subject": subject,
					"request": "要求赔偿",
					"petitioner_name": "吴接口",
					"petitioner_id_number": valid_id("11010519850101003"),
				}
			).insert()
			for subject in ("药物过敏医疗纠纷（接口写入测试）", "另一科室的保密投诉（接口写入测试）")
		]
		cls.ours, cls.theirs = (
			frappe.get_doc(
				{
					"doctype": "Mediation",
					"petition": cls.petitions[0].name,
					"route": route,
					"mediation_organization": org,
					"applied_on": today(),
				}
			).insert()
			for route, org in (("People's Mediation", ours), ("Administrative Mediation", theirs))
		)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doc in (cls.ours, cls.theirs):
			frappe.delete_doc(
				"Mediation", doc.name, force=True, ignore_permissions=True, ignore_on_trash=True
			)
		for doc in cls.petitions:
			frappe.delete_doc("Petition", doc.name, force=True, ignore_permissions=True, ignore_on_trash=True)
		frappe.db.commit()
		super().tearDownClass()

	def headers(self):
		return {"Authorization": self.token}

	def stored(self, name, fields):
		frappe.db.rollback()  # see what the requests committed
		return frappe.db.get_value("Mediation", name, fields, as_dict=True)

	def test_mediator_records_a_session_on_their_own_mediation(self):
		session = {"session_date": f"{today()} 10:00:00", "place": "医调委调解室", "summary": "接口调解"}
		response = self.put(
			self.resource("Mediation", self.ours.name), {"sessions": [session]}, headers=self.headers()
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		frappe.db.rollback()
		self.assertEqual(
			frappe.get_all("Mediation Session", filters={"parent": self.ours.name}, pluck="summary"),
			["接口调解"],
		)

	def test_mediator_writes_nothing_outside_their_organisation(self):
		before = self.stored(self.theirs.name, ["modified", "refusal_reason"])
		response = self.put(
			self.resource("Mediation", self.theirs.name),
			{"refusal_reason": "越权写入"},
			headers=self.headers(),
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(self.stored(self.theirs.name, ["modified", "refusal_reason"]), before)

		response = self.post(
			self.resource("Mediation"),
			{
				"petition": self.petitions[0].name,
				"route": "Negotiation",
				"applied_on": today(),
			},
			headers=self.headers(),
		)
		self.assertEqual(response.status_code, 403)

		response = self.put(
			self.resource("Petition", self.petitions[0].name), {"subject": "改写"}, headers=self.headers()
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(
			self.delete(self.resource("Mediation", self.ours.name), headers=self.headers()).status_code, 403
		)

	def test_mediator_cannot_relink_their_mediation_to_read_another_petition(self):
		response = self.put(
			self.resource("Mediation", self.ours.name),
			{"petition": self.petitions[1].name},
			headers=self.headers(),
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn(self.petitions[1].subject, response.get_data(as_text=True))
		stored = self.stored(self.ours.name, ["petition", "petition_subject"])
		self.assertEqual(
			(stored.petition, stored.petition_subject), (self.petitions[0].name, self.petitions[0].subject)
		)
