"""Nothing twice, nothing lost, told once: the same mail fetched twice is one petition; with no SMS gateway
the messages wait and the administrator is told once a day; a mailbox that cannot be reached is logged
once a day, not on every pull. Against the real local services of ``mail_services`` (Dovecot, the
recording SMS gateway)."""

from __future__ import annotations

import threading

import frappe
from frappe.email.doctype.email_account.email_account import pull_from_email_account
from frappe.utils import add_to_date, now_datetime

from xinfang_app.services import alerts, sms
from xinfang_app.tests.mail_services import free_port
from xinfang_app.tests.test_mail_and_sms import ACCOUNT, MailAndSmsTestCase, new_phone
from xinfang_app.tests.utils import petition

SCHEDULER_RUNS_AN_HOUR = 12  # the outbox sweep runs every five minutes (hooks.py)


def settings_lines() -> list[str]:
	"""What the administrator sees at the top of Petition Settings, as the desk loads it."""
	doc = frappe.get_doc("Petition Settings")
	doc.run_method("onload")
	return doc.get_onload().get("delivery_problems") or []


class TestQuietFailures(MailAndSmsTestCase):
	def setUp(self):
		super().setUp()
		self.started = now_datetime()

	def logs_since_start(self, **filters) -> int:
		return frappe.db.count("Error Log", {"creation": (">=", self.started), **filters})

	def no_gateway(self):
		conf = frappe.get_single("SMS Settings")
		conf.sms_gateway_url = ""
		conf.flags.ignore_mandatory = True
		conf.save(ignore_permissions=True)
		self.addCleanup(self.set_gateway, self.gateway.url)

	# ------------------------------------------------------------------ SMS without a gateway
	def test_an_hour_without_a_gateway_logs_once_the_messages_wait_and_go_out_once_it_is_set(self):
		self.no_gateway()
		self.as_user("mail_officer")
		phones = [new_phone() for _petitioner in range(3)]
		docs = [petition(petitioner_phone=phone, subject=f"无网关短信测试 {phone}") for phone in phones]
		frappe.set_user("Administrator")
		outbox = frappe.get_all(
			"Petition SMS",
			filters={"petition": ("in", [d.name for d in docs])},
			fields=["name", "status", "last_error", "phone"],
		)
		self.assertEqual({row.phone for row in outbox}, set(phones))
		self.assertEqual({row.status for row in outbox}, {alerts.NO_GATEWAY})
		self.assertEqual({row.last_error for row in outbox}, {alerts.no_gateway_reason()})

		for run in range(SCHEDULER_RUNS_AN_HOUR):
			sms.retry_due(limit=100_000, commit=False, now=add_to_date(self.started, minutes=5 * run))
		# at most one entry for the whole hour, and none per message
		self.assertLessEqual(self.logs_since_start(), 1)
		self.assertEqual(self.logs_since_start(reference_doctype="Petition"), 0)
		# the administrator was told (by this hour's first run, or earlier today)
		self.assertTrue(
			frappe.db.exists(
				"Error Log",
				{
					"reference_doctype": "SMS Settings",
					"creation": (">=", add_to_date(now_datetime(), hours=-24)),
				},
			)
		)
		self.assertEqual(
			{frappe.db.get_value("Petition SMS", row.name, "status") for row in outbox}, {alerts.NO_GATEWAY}
		)
		waiting = alerts.waiting_sms()
		self.assertGreaterEqual(waiting, 3)
		sms_line = [line for line in settings_lines() if line["topic"] == "sms"]
		self.assertEqual(len(sms_line), 1)
		self.assertEqual(sms_line[0]["count"], waiting)
		self.assertIn(str(waiting), sms_line[0]["text"])
		self.assertEqual(self.texts(phones), [])

		# A gateway is set up: the next run sends what waited, once each.
		self.set_gateway(self.gateway.url)
		sms.retry_due(limit=100_000, commit=False, now=add_to_date(self.started, minutes=65))
		self.assertEqual(
			{frappe.db.get_value("Petition SMS", row.name, "status") for row in outbox}, {"Sent"}
		)
		self.assertEqual(sorted(p for p, _text in self.texts(phones)), sorted(phones))
		self.assertEqual(alerts.waiting_sms(), 0)
		self.assertFalse([line for line in settings_lines() if line["topic"] == "sms"])

	def texts(self, phones) -> list[tuple[str, str]]:
		return [
			(r["params"]["mobile"], r["params"]["content"])
			for r in self.gateway.requests()
			if r["params"].get("mobile") in phones
		]

	def test_messages_that_wait_too_long_expire_with_the_reason(self):
		self.no_gateway()
		self.as_user("mail_officer")
		doc = petition(petitioner_phone=new_phone(), subject="短信过期测试")
		frappe.set_user("Administrator")
		name = frappe.db.get_value("Petition SMS", {"petition": doc.name})
		hours = alerts.sms_expiry_hours()
		sms.retry_due(commit=False, now=add_to_date(now_datetime(), hours=hours - 1))
		self.assertEqual(frappe.db.get_value("Petition SMS", name, "status"), alerts.NO_GATEWAY)
		sms.retry_due(commit=False, now=add_to_date(now_datetime(), hours=hours + 1))
		row = frappe.db.get_value("Petition SMS", name, ["status", "last_error"], as_dict=True)
		self.assertEqual(row.status, "Expired")
		self.assertIn(str(hours), row.last_error)
		# an expired message is not sent later, when a gateway is set up
		self.set_gateway(self.gateway.url)
		sms.retry_due(limit=100_000, commit=False)
		self.assertEqual(frappe.db.get_value("Petition SMS", name, "status"), "Expired")

	# ------------------------------------------------------------------ a mailbox that cannot be reached
	def test_a_mailbox_that_cannot_be_reached_is_logged_once_and_shown_in_settings(self):
		port = frappe.db.get_value("Email Account", ACCOUNT, "incoming_port")
		frappe.db.set_value("Email Account", ACCOUNT, "incoming_port", str(free_port()))  # nobody listens
		try:
			for _pull in range(SCHEDULER_RUNS_AN_HOUR):
				pull_from_email_account(ACCOUNT)
			self.assertLessEqual(self.logs_since_start(), 1)
			self.assertTrue(
				frappe.db.exists(
					"Error Log",
					{
						"reference_doctype": "Email Account",
						"reference_name": ACCOUNT,
						"creation": (">=", add_to_date(now_datetime(), hours=-24)),
					},
				)
			)
			self.assertTrue([line for line in settings_lines() if line.get("account") == ACCOUNT])
		finally:
			frappe.db.set_value("Email Account", ACCOUNT, "incoming_port", port)
		# reached again: the line goes, and nothing more is logged
		self.deliver_and_pull()
		self.assertFalse([line for line in settings_lines() if line.get("account") == ACCOUNT])
		self.assertLessEqual(self.logs_since_start(), 1)

	# ------------------------------------------------------------------ the same mail twice
	def test_the_same_mail_fetched_twice_is_one_petition(self):
		with_id = self.mail("投诉药房发错药", "药房把别人的药发给了我，请求调查。")
		self.deliver_and_pull(with_id, with_id)  # the same mail twice in the mailbox (a re-synced folder)
		self.deliver_and_pull(with_id)
		self.assertEqual(frappe.db.count("Petition", {"petitioner_email": self.sender}), 1)

	def test_a_mail_without_a_message_id_fetched_twice_is_one_petition(self):
		mail = self.mail("投诉住院部收费", "住院押金至今未退，请求退还。")
		del mail["Message-ID"]
		self.deliver_and_pull(mail)
		self.deliver_and_pull(mail)
		petitions = frappe.get_all("Petition", filters={"petitioner_email": self.sender}, pluck="name")
		self.assertEqual(len(petitions), 1)
		self.assertEqual(
			frappe.db.get_value("Petition", petitions[0], ["channel", "is_repeat"]), ("Email", 0)
		)

	def test_two_pulls_at_the_same_moment_make_one_petition(self):
		mail = self.mail("投诉检验科报告延误", "检验报告拖延一周，请求说明原因。")
		del mail["Message-ID"]
		self.imap.deliver(mail)
		frappe.db.commit()
		site, sites_path = frappe.local.site, frappe.local.sites_path
		barrier = threading.Barrier(2)
		errors = []

		def pull():
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				barrier.wait()
				pull_from_email_account(ACCOUNT)
				frappe.db.commit()
			except Exception as error:
				errors.append(error)
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=pull) for _pull in range(2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(120)
		self.assertEqual(errors, [])
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Petition", {"petitioner_email": self.sender}), 1)
