"""The workspace's number cards and charts come from a cache (overrides/desk_figures.py): each reader still
counts only the petitions they may read, a saved petition is counted at once, and the one request that
brings a workspace's figures gives what each widget's own call gives."""

from __future__ import annotations

import json

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as frappe_chart

from xinfang_app.overrides import desk_figures
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

CARD = "New Petitions Today"


class TestDeskFigures(PetitionTestCase):
	def card(self, name=CARD) -> float:
		doc = frappe.get_doc("Number Card", name)
		return desk_figures.number_card_result(doc.as_json(), doc.filters_json)

	def readable(self, name=CARD) -> int:
		filters = json.loads(frappe.db.get_value("Number Card", name, "filters_json"))
		return len(frappe.get_list("Petition", filters=filters, pluck="name", limit_page_length=0))

	def test_each_reader_counts_what_they_may_read_and_a_change_at_once(self):
		doc = self.accepted()  # the handler's, of 医务科
		self.as_user("officer")
		officer = self.card()
		self.assertEqual(officer, self.readable())
		self.as_user("nurse_handler")  # 护理部: does not read it
		nurse = self.card()
		self.assertEqual(nurse, self.readable())
		self.assertLess(nurse, officer)
		self.as_user("handler")
		self.assertEqual(self.card(), self.readable())
		# a petition registered: the officer's 待受理 counts it at once
		self.as_user("officer")
		waiting = self.card("Awaiting Acceptance")
		self.walk(petition(), "Register Petition")
		self.assertEqual(self.card("Awaiting Acceptance"), waiting + 1)
		self.assertEqual(self.card("Awaiting Acceptance"), self.readable("Awaiting Acceptance"))
		self.assertTrue(frappe.db.exists("Petition", doc.name))

	def test_a_chart_is_the_readers_own(self):
		self.accepted()
		for key in ("officer", "nurse_handler", "handler"):
			self.as_user(key)
			kept = desk_figures.dashboard_chart(chart_name="Petitions by Office", refresh=1)
			self.assertEqual(kept, frappe_chart(chart_name="Petitions by Office", refresh=1), key)

	def test_the_workspace_figures_are_what_each_widget_asks(self):
		self.accepted()
		self.as_user("nurse_handler")
		figures = {f["name"]: f for f in desk_figures.workspace_figures("Petition Desk")}
		self.assertEqual(figures[CARD]["value"], self.readable())
		self.assertEqual(
			figures["Petitions by Office"]["value"],
			frappe_chart(chart_name="Petitions by Office", refresh=1),
		)
		self.assertIn("Monthly Petitions", figures)
		# a user who reads no petition gets no petition figures
		self.as_user("nobody")
		self.assertEqual(desk_figures.workspace_figures("Petition Desk"), [])
