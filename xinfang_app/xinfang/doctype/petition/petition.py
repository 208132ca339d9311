# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petition (信访件): Frappe wiring around the rules in ``xinfang_app.rules``."""

from __future__ import annotations

import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from xinfang_app import exceptions as exc
from xinfang_app.extensions import call_each
from xinfang_app.overrides.workflow_actions import install as defer_workflow_actions
from xinfang_app.rules import deadlines, identity, outcomes, records, reply_lock
from xinfang_app.rules.repeat import name_address_key
from xinfang_app.services import intake, repeat, settings
from xinfang_app.xinfang.doctype.petition.historical import HistoricalRecord

# A petition's Workflow Action bookkeeping runs after the save, in a job (overrides/workflow_actions.py).
# Installed here, where every save of a petition passes: the hooks module itself may never be imported
# by a process that reads the hooks from the cache.
defer_workflow_actions()

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, no 0/O/1/I
TRACKING_LENGTH = 16  # 80 random bits
MAX_REPRESENTATIVES = 5
NOT_ACCEPTED_DECISIONS = ("Not Accepted", "Transferred", "Redirected")
EXTENSION_ROLES = ("Hospital Leader",)


def new_tracking_code() -> str:
	return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class Petition(HistoricalRecord, Document):
	def validate(self):
		self.prepare_historical_record()
		self.guard_approved_reply()
		self.normalise_contacts()
		self.validate_petitioner()
		self.set_submission_key()
		self.validate_representatives()
		self.apply_category_defaults()
		self.validate_outcome()
		self.validate_acceptance()
		self.validate_extension()
		self.validate_review_request()
		self.validate_reception_day()
		self.set_tracking_code()
		self.set_masked_petitioner()
		self.detect_repeat()
		self.apply_state_clock()
		self.set_deadlines()
		self.validate_case_owner()

	def insert(self, *args, **kwargs):
		"""One matter, one petition: a copy of an earlier submission answers with that petition."""
		return intake.insert_once(self, lambda: super(Petition, self).insert(*args, **kwargs))

	def onload(self):
		from xinfang_app.services.guidance import guidance

		self.set_onload("guidance", guidance(self))

	def on_update(self):
		self.assign_handler()
		self.sync_assignment_dates()
		self.announce_milestones()

	def announce_milestones(self):
		"""SMS to the petitioner at registration, acceptance, extension, reply and review decision."""
		from xinfang_app.services.sms import announce_milestones

		announce_milestones(self)

	def on_communication_update(self, communication):
		"""Frappe calls this for each Communication on the petition: mail fills an emailed petition."""
		from xinfang_app.services.email_intake import on_petition_mail

		on_petition_mail(self, communication)

	def before_print(self, settings=None):
		"""Print formats read the document directly: drop the fields this user may not read first."""
		self.apply_fieldlevel_read_permissions()

	def on_trash(self):
		from frappe.model.workflow import get_workflow_name

		from xinfang_app.services.records import keep

		workflow = get_workflow_name(self.doctype)
		states = frappe.get_all(
			"Workflow Document State", filters={"parent": workflow}, pluck="state", order_by="idx", limit=1
		)
		if records.petition_kept(self.workflow_state, states[0] if states else "Draft"):
			keep(self, _("A petition that has left Draft is part of the petition archive."))
		# The SMS queued for a Draft petition (a phone number and a text) go with it.
		frappe.db.delete("Petition SMS", {"petition": self.name})

	# ------------------------------------------------------------------ intake
	def normalise_contacts(self):
		# What an installed integration knows (Healthcare: the patient; extensions.py).
		call_each("xinfang_fill_petition", self)
		if self.petitioner_phone:
			self.petitioner_phone = self.petitioner_phone.strip()
		if self.petitioner_id_number:
			self.petitioner_id_number = identity.normalise_id_number(self.petitioner_id_number)
		self.name_address_key = name_address_key(self.petitioner_name, self.petitioner_address)
		self.phone_key = identity.normalise_phone(self.petitioner_phone)
		self.phone_last_four = identity.last_four(self.petitioner_phone)

	def validate_petitioner(self):
		if self.is_anonymous and self.matter_kind == outcomes.APPEAL:
			frappe.throw(
				_("An appeal or claim cannot be anonymous: the petitioner must give their real name."),
				frappe.ValidationError,
				title=_("Real name required"),
			)
		if not self.is_anonymous and not (self.petitioner_name or "").strip():
			frappe.throw(
				_("Enter the petitioner's name, or mark the petition as anonymous."), frappe.MandatoryError
			)
		check_phone(self.petitioner_phone, _("Petitioner Phone"))
		check_id_number(self.petitioner_id_number, _("ID Number"))

	def set_submission_key(self):
		"""The key that makes copies of one submission one petition (services/intake.py)."""
		if not self.is_new() or self.parent_petition or frappe.flags.in_import:
			return
		intake.set_submission_key(self)

	def validate_representatives(self):
		count = len(self.representatives or [])
		if count > MAX_REPRESENTATIVES:
			frappe.throw(
				_("A joint petition chooses at most {0} representatives; {1} were entered.").format(
					MAX_REPRESENTATIVES, count
				),
				exc.TooManyRepresentatives,
				title=_("Too many representatives"),
			)
		for row in self.representatives or []:
			check_phone(row.phone, _("Phone of representative {0}").format(row.representative_name))
			check_id_number(
				row.id_number, _("ID Number of representative {0}").format(row.representative_name)
			)
		if count and (self.number_of_people or 0) < count:
			self.number_of_people = count

	def apply_category_defaults(self):
		if not self.category:
			return
		office, kind = frappe.get_cached_value(
			"Petition Category", self.category, ["default_office", "default_matter_kind"]
		)
		if not self.handling_office and office:
			self.handling_office = office
		if not self.matter_kind and kind:
			self.matter_kind = kind

	def set_tracking_code(self):
		"""Given once at registration and never changed."""
		before = self.get_doc_before_save()
		if before and before.tracking_code:
			self.tracking_code = before.tracking_code
			return
		if self.tracking_code and self.is_new() and frappe.flags.in_import:
			return
		# 80 random bits: a repeat is not to be expected in the life of any register, and the column's
		# unique index refuses one rather than letting two petitions share a code.
		self.tracking_code = new_tracking_code()

	def set_masked_petitioner(self):
		if self.is_anonymous:
			self.petitioner_display = _("Anonymous")
		elif self.matter_kind == outcomes.REPORT:
			self.petitioner_display = _("Confidential")
		else:
			self.petitioner_display = " ".join(
				p
				for p in (
					identity.mask_name(self.petitioner_name),
					identity.mask_phone(self.petitioner_phone),
				)
				if p
			)

	def detect_repeat(self):
		before = self.get_doc_before_save()
		if before and all(before.get(f) == self.get(f) for f in repeat.MATCH_FIELDS):
			return
		original, closed = repeat.detect(self)
		# A review request is linked to the petition it reviews (parent_petition), not a repeat of it.
		if original and not self.original_petition and not self.parent_petition:
			self.is_repeat = 1
			self.original_petition = original
		self.not_to_be_accepted = 1 if closed else 0

	# -------------------------------------------------------------- decisions
	def guard_approved_reply(self):
		"""An approved reply changes only after a workflow action sends it back for a new approval."""
		before = self.get_doc_before_save()
		if not before or self.is_historical_import():
			return
		if not reply_lock.reply_locked(settings.clock_of(before.workflow_state), before.replied_on):
			return
		changed = reply_lock.changed_fields(before.as_dict(), self.as_dict())
		if not changed:
			return
		from xinfang_app.services.guidance import revision_actions

		actions = revision_actions(before.workflow_state)
		frappe.throw(
			_(
				"The reply was approved: {0} can no longer be changed. To correct it, send the petition back with the action {1}; the corrected reply is then approved again."
			).format(
				"、".join(_(self.meta.get_label(f)) for f in changed),
				" / ".join(_(a) for a in actions) if actions else _("(ask a petition manager)"),
			),
			exc.ApprovedReplyLocked,
			title=_("Approved reply"),
		)

	def validate_outcome(self):
		if not outcomes.outcome_fits(self.matter_kind, self.outcome):
			frappe.throw(
				_("The outcome {0} does not fit a matter of kind {1}: choose one of {2}.").format(
					_(self.outcome),
					_(self.matter_kind),
					" / ".join(_(o) for o in outcomes.outcomes_for(self.matter_kind)),
				),
				exc.OutcomeMismatch,
			)

	def validate_acceptance(self):
		if self.acceptance in NOT_ACCEPTED_DECISIONS and not (self.acceptance_reason or "").strip():
			frappe.throw(
				_("Give the reason for the decision {0}: the petitioner is told it in writing.").format(
					_(self.acceptance)
				),
				frappe.MandatoryError,
			)
		if self.acceptance == "Accepted" and self.not_to_be_accepted and self.has_value_changed("acceptance"):
			frappe.throw(
				_(
					"A re-review of this matter has concluded: the same matter on the same facts and reasons is not accepted again."
				),
				exc.NotToBeAccepted,
			)
		if self.accepted_on and getdate(self.accepted_on) < getdate(self.received_at):
			frappe.throw(_("The acceptance date cannot be before the petition was received."))

	def validate_extension(self):
		before = self.get_doc_before_save()
		old_days = (before.extension_days or 0) if before else 0
		days = self.extension_days or 0
		if days == old_days and (not before or before.extension_reason == self.extension_reason):
			return
		approved_then = self.is_historical_import()
		if (
			not set(EXTENSION_ROLES) & set(frappe.get_roles())
			and frappe.session.user != "Administrator"
			and not approved_then
		):
			frappe.throw(_("Only a hospital leader may approve an extension."), exc.ExtensionNotAllowed)
		limits = settings.time_limits()
		if days < 0 or days > limits.max_extension_days:
			frappe.throw(
				_("An extension is at most {0} days; {1} days were entered.").format(
					limits.max_extension_days, days
				),
				exc.ExtensionNotAllowed,
				title=_("Extension too long"),
			)
		if days and not self.accepted_on:
			frappe.throw(_("Only an accepted petition can be extended."), exc.ExtensionNotAllowed)
		if days and not (self.extension_reason or "").strip():
			frappe.throw(
				_("Give the reason for the extension: the petitioner is told it."), frappe.MandatoryError
			)
		if not approved_then:
			self.extension_approved_by = frappe.session.user if days else None
			self.extension_approved_on = today() if days else None

	def validate_review_request(self):
		"""A review (复查) or re-review (复核) is asked for within 30 days of the written reply; nothing
		follows a re-review (Arts. 35-36)."""
		if not self.parent_petition or not self.is_new():
			return
		parent = frappe.db.get_value(
			"Petition",
			self.parent_petition,
			["review_stage", "replied_on", "opinion_sent_on", "concluded_on"],
			as_dict=True,
		)
		if not parent:
			frappe.throw(_("The petition to be reviewed, {0}, does not exist.").format(self.parent_petition))
		stage = deadlines.next_review_stage(parent.review_stage)
		if stage is None:
			frappe.throw(
				_(
					"{0} was already re-reviewed (复核): the conclusion is final and the same matter is not accepted again."
				).format(self.parent_petition),
				exc.ReviewNotAllowed,
				title=_("Review not allowed"),
			)
		# the window runs from the delivery of the written opinion once recorded (Arts. 35-36: its receipt)
		replied = parent.opinion_sent_on or parent.replied_on or parent.concluded_on
		if not replied:
			frappe.throw(
				_("{0} has no written reply yet: a review can be requested only after the reply.").format(
					self.parent_petition
				),
				exc.ReviewNotAllowed,
				title=_("Review not allowed"),
			)
		limits = settings.time_limits()
		requested = getdate(self.received_at)
		try:
			deadlines.check_review_request(getdate(replied), requested, limits)
		except deadlines.ReviewTooLate:
			frappe.throw(
				_(
					"A review must be requested within {0} days of receiving the written reply. The reply is dated {1}; the request of {2} is {3} days late."
				).format(
					limits.review_request_days,
					frappe.format(getdate(replied), "Date"),
					frappe.format(requested, "Date"),
					(requested - deadlines.review_request_deadline(getdate(replied), limits)).days,
				),
				exc.ReviewNotAllowed,
				title=_("Review request too late"),
			)
		self.review_stage = stage

	def validate_reception_day(self):
		if not self.reception_day:
			return
		self.channel = "Leader Reception"
		day = frappe.db.get_value("Reception Day", self.reception_day, "reception_date")
		if day and getdate(self.received_at) != getdate(day):
			frappe.throw(
				_("A visitor of reception day {0} is received on {1}: correct the date received.").format(
					self.reception_day, frappe.format(getdate(day), "Date")
				)
			)

	def validate_case_owner(self):
		"""A major, joint or escalated petition waits for a leader to own it before handling starts."""
		if not (self.is_major or self.is_joint or self.is_escalated) or self.case_owner:
			return
		if self.is_historical_import():
			return
		conf = settings.settings()
		target = conf.case_owner_required_from or "In Progress"
		before = self.get_doc_before_save()
		entering = self.workflow_state == target and (not before or before.workflow_state != target)
		if conf.require_case_owner and entering:
			frappe.throw(
				_(
					"A major, joint or escalated petition needs a leader who owns the case (领导包案) before it is handled: create a Case Owner for {0} first."
				).format(self.name),
				exc.CaseOwnerRequired,
				title=_("Case owner required"),
			)

	# ----------------------------------------------------------------- clocks
	def apply_state_clock(self):
		"""Record the dates a workflow state stands for; the mapping lives in Petition Settings."""
		before = self.get_doc_before_save()
		old_state = before.workflow_state if before else None
		new_clock = settings.clock_of(self.workflow_state)
		self.clock_status = settings.clock_status_of(new_clock)
		if old_state == self.workflow_state or self.is_historical_import():
			return
		now = getdate(today())
		if settings.clock_of(old_state) == settings.CLOCK_PAUSED and self.paused_since:
			self.paused_days = (self.paused_days or 0) + max((now - getdate(self.paused_since)).days, 0)
			self.paused_since = None
		if reply_lock.reply_locked(settings.clock_of(old_state), self.replied_on) and new_clock in (
			settings.CLOCK_OPEN,
			settings.CLOCK_START,
			settings.CLOCK_PAUSED,
		):
			# Sent back for revision: the reply given is no longer the answer; its approval gives a new date.
			self.replied_on = None
			self.concluded_on = None
		if new_clock == settings.CLOCK_START:
			# The notice of acceptance is dated when it goes out (services/notices.py), not here.
			self.accepted_on = self.accepted_on or now
		elif new_clock == settings.CLOCK_PAUSED:
			self.paused_since = now
		elif new_clock == settings.CLOCK_REPLIED:
			self.replied_on = self.replied_on or now
		elif new_clock == settings.CLOCK_CONCLUDED:
			self.replied_on = self.replied_on or now
			self.concluded_on = self.concluded_on or now

	def set_deadlines(self):
		limits = settings.time_limits()
		calendar = settings.working_calendar()
		received = getdate(self.received_at)
		self.notice_due = deadlines.notice_due(received, limits, calendar)
		self.due_date = None
		if self.accepted_on:
			accepted = getdate(self.accepted_on)
			if self.review_stage in ("Review", "Re-review"):
				self.due_date = deadlines.review_answer_due(
					accepted,
					limits,
					calendar,
					hearing_days=(self.paused_days or 0) + (self.extension_days or 0),
				)
			else:
				self.due_date = deadlines.conclude_due(
					accepted, limits, calendar, self.extension_days or 0, self.paused_days or 0
				)
		self.next_deadline = self.due_date or (None if self.notice_sent_on else self.notice_due)
		self.deadline_status = self.compute_deadline_status()
		stopped = self.concluded_on or self.replied_on
		self.concluded_on_time = int(
			bool(self.due_date and stopped and getdate(stopped) <= getdate(self.due_date))
		)

	def compute_deadline_status(self) -> str | None:
		lead = int(settings.settings().reminder_lead_days or 0)
		now = getdate(today())
		if self.clock_status == "Stopped":
			if self.due_date:
				stopped = self.replied_on or self.concluded_on or now
				return deadlines.deadline_status(getdate(self.due_date), now, lead, getdate(stopped))
			return deadlines.deadline_status(
				getdate(self.notice_due), now, lead, getdate(self.notice_sent_on or now)
			)
		if self.clock_status == "Paused" and self.paused_since:
			now = getdate(self.paused_since)
		if not self.next_deadline:
			return (
				deadlines.MET
				if self.notice_sent_on and getdate(self.notice_sent_on) <= getdate(self.notice_due)
				else None
			)
		return deadlines.deadline_status(getdate(self.next_deadline), now, lead)

	# ------------------------------------------------------------- assignment
	def assign_handler(self):
		if not self.handler or not self.has_value_changed("handler") or self.is_historical_import():
			return
		from frappe.desk.form.assign_to import add, remove

		before = self.get_doc_before_save()
		if before and before.handler and before.handler != self.handler:
			remove(self.doctype, self.name, before.handler, ignore_permissions=True)
		add(
			{
				"doctype": self.doctype,
				"name": self.name,
				"assign_to": [self.handler],
				"date": self.due_date or self.notice_due,
				# in the handler's language: the ToDo is theirs to read
				"description": _(
					"Handle petition {0}: {1}", frappe.db.get_value("User", self.handler, "language")
				).format(self.name, self.subject),
			},
			ignore_permissions=True,
		)

	def sync_assignment_dates(self):
		if not self.has_value_changed("due_date") or not self.due_date:
			return
		todo = frappe.qb.DocType("ToDo")
		(
			frappe.qb.update(todo)
			.set(todo.date, self.due_date)
			.where(todo.reference_type == self.doctype)
			.where(todo.reference_name == self.name)
			.where(todo.status == "Open")
		).run()


def check_phone(phone: str | None, label: str):
	if phone and not identity.is_valid_phone(phone):
		frappe.throw(
			_(
				"{0}: {1} is not a valid phone number. Enter an 11-digit mobile number or a landline with its area code."
			).format(label, frappe.bold(phone)),
			exc.InvalidPhone,
			title=_("Invalid phone number"),
		)


def check_id_number(number: str | None, label: str):
	if number and not identity.is_valid_id_number(number):
		frappe.throw(
			_(
				"{0}: {1} is not a valid resident ID number. Check the 18 characters, the date of birth and the last (check) digit."
			).format(label, frappe.bold(number)),
			exc.InvalidIDNumber,
			title=_("Invalid ID number"),
		)


SWEEP_COLUMNS = ["clock_status", "next_deadline", "deadline_status"]
KPI_INDEX = "kpi_year_index"
KPI_COLUMNS = [
	"received_at",
	"handling_office",
	"is_repeat",
	"acceptance",
	"notice_sent_on",
	"notice_due",
	"accepted_on",
	"replied_on",
	"concluded_on",
	"due_date",
	"review_stage",
	"channel",
	"satisfaction",
]


def on_doctype_update():
	# The daily sweep finds the rows whose deadline status is wrong from this index alone: at a million
	# petitions it then reads no table page for the many running clocks whose status is already right.
	frappe.db.add_index("Petition", SWEEP_COLUMNS, "clock_sweep_index")
	frappe.db.add_index("Petition", ["handling_office", "received_at"], "office_received_index")
	# Every column the KPI Scorecard counts, after the date it selects by: a year of a million-petition
	# register is read from this index alone, a small fraction of the table's pages.
	frappe.db.add_index("Petition", KPI_COLUMNS, KPI_INDEX)
	# The daily lists' first pages and counts, by filter and for a case handler (services/list_indexes.py).
	from xinfang_app.services.list_indexes import add_list_indexes

	add_list_indexes()
