"""Online petitions (网上信访): public submission, tracking, rating and review requests.

Every function here is open to guests, rate-limited per client, and takes only the fields a
petitioner may give. A wrong tracking code and a wrong phone number get the same answer.
"""

from __future__ import annotations

import html
import random
import time

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, today

from xinfang_app.api.petition import create_review
from xinfang_app.rules import portal, records
from xinfang_app.rules.outcomes import OUTCOMES
from xinfang_app.services import settings
from xinfang_app.services.availability import rate_limit
from xinfang_app.services.guidance import initial_state
from xinfang_app.services.uploads import check_upload

SUBMITTED_FIELDS = (
	"petitioner_name",
	"petitioner_phone",
	"petitioner_id_number",
	"petitioner_address",
	"petitioner_email",
	"subject",
	"request",
	"facts",
	"patient_name",
	"medical_record_no",
)
RATINGS = ("Satisfied", "Basically Satisfied", "Dissatisfied")


class ReviewElsewhere(frappe.ValidationError):
	"""The review is asked for at the supervising commission, not filed with the hospital online."""


PUBLIC_FIELDS = [
	"name",
	"subject",
	"matter_kind",
	"received_at",
	"petitioner_phone",
	"acceptance",
	"acceptance_reason",
	"transferred_to",
	"accepted_on",
	"notice_sent_on",
	"notice_due",
	"due_date",
	"extension_days",
	"extension_reason",
	"extension_approved_on",
	"reply",
	"outcome",
	"legal_basis",
	"replied_on",
	"opinion_sent_on",
	"concluded_on",
	"satisfaction",
	"review_stage",
	"workflow_state",
]


def _submit_limit():
	return cint(settings.settings().portal_submit_limit) or 5


def _track_limit():
	return cint(settings.settings().portal_track_limit) or 30


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=_submit_limit, seconds=60 * 60)
def submit(**form):
	conf = settings.settings()
	if conf.portal_require_login and frappe.session.user == "Guest":
		frappe.throw(_("Please log in before submitting a petition online."), frappe.PermissionError)
	if not cint(form.get("consent")):
		frappe.throw(
			_(
				"Please agree to the processing of your personal and health information: without it the petition cannot be handled."
			),
			frappe.ValidationError,
			title=_("Consent needed"),
		)
	kind = form.get("matter_kind")
	if kind not in OUTCOMES:
		frappe.throw(_("Choose what kind of matter this is."), frappe.MandatoryError)
	anonymous = cint(form.get("is_anonymous"))
	if anonymous and not portal.may_be_anonymous(kind):
		frappe.throw(
			_("Only suggestions and reports may be submitted anonymously; an appeal needs your real name.")
		)
	for field, label in (("subject", _("Subject of Your Petition")), ("request", _("Your Request"))):
		if not (form.get(field) or "").strip():
			frappe.throw(_("Please fill in {0}.").format(label), frappe.MandatoryError)
	if not anonymous and not (form.get("petitioner_phone") or "").strip():
		frappe.throw(_("Please give a phone number so that we can reach you."), frappe.MandatoryError)
	files = check_files(conf)

	category = form.get("category")
	if category and not frappe.db.get_value("Petition Category", {"name": category, "disabled": 0}):
		category = None
	values = {field: (form.get(field) or "").strip() or None for field in SUBMITTED_FIELDS}
	if anonymous:
		values.update({"petitioner_name": None, "petitioner_id_number": None, "petitioner_address": None})
	values.update(
		{
			"doctype": "Petition",
			"channel": "Online",
			"received_at": now_datetime(),
			"matter_kind": kind,
			"category": category,
			"is_anonymous": anonymous,
			"consent_given_at": now_datetime(),
			"portal_user": None if frappe.session.user == "Guest" else frappe.session.user,
			"sms_opt_out": 1 if cint(form.get("sms_opt_out")) else 0,
		}
	)
	petition = store_with_retry(values, files, form.get("submission_key"))
	if not petition.flags.same_submission:
		notify_petitioner(petition)
	# The petition and its attachments are committed together here, inside the call: a database lost at
	# the commit is answered 503 like one lost before it (services/availability.py), and a number is given
	# only for a petition stored with every file.
	frappe.db.commit()
	# A copy of the same submission (a double tap, the page's retry) is answered with the first petition.
	return {"name": petition.name, "tracking_code": petition.tracking_code}


def store_with_retry(values: dict, files: list[Upload], key: str | None = None, attempts: int = 4):
	"""Insert the petition and its files; a deadlock or lock wait among simultaneous submissions is retried.

	MariaDB rolls the losing transaction back whole, so the whole intake is done again: the petitioner
	never sees the database's conflict, and nothing is stored twice. ``key`` is the page's submission key.
	"""
	for attempt in range(attempts):
		try:
			return store(values, files, key)
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			frappe.db.rollback()
			if attempt == attempts - 1:
				raise
			time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))


def store(values: dict, files: list[Upload], key: str | None = None):
	# A guest has no desk permission: the fields in values are the only ones taken from the request.
	petition = frappe.get_doc(dict(values))
	petition.flags.client_key = key
	petition.insert(ignore_permissions=True)
	if petition.flags.same_submission:
		return petition  # stored before, with its files, in the transaction of the first copy
	for upload in files:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": upload.filename,
				"attached_to_doctype": "Petition",
				"attached_to_name": petition.name,
				"is_private": 1,
				"content": upload.content,
			}
		).save(ignore_permissions=True)
	return petition


class Upload:
	def __init__(self, filename: str, content: bytes):
		self.filename, self.content = filename, content


def check_files(conf) -> list[Upload]:
	request = getattr(frappe, "request", None)
	uploads = request.files.getlist("files") if request is not None and request.files else []
	uploads = [u for u in uploads if u and u.filename]
	limit = cint(conf.portal_max_files) or 5
	if len(uploads) > limit:
		frappe.throw(_("At most {0} files can be attached.").format(limit))
	allowed = (conf.portal_allowed_extensions or "").split(",")
	max_mb = cint(conf.portal_max_file_mb) or 10
	checked = []
	for upload in uploads:
		content = upload.stream.read()
		refusal = portal.file_refusal(upload.filename, len(content), allowed, max_mb * 1024 * 1024)
		if refusal == "type":
			frappe.throw(
				_("{0} cannot be attached: allowed file types are {1}.").format(
					upload.filename, ", ".join(allowed)
				)
			)
		if refusal == "size":
			frappe.throw(_("{0} is larger than {1} MB.").format(upload.filename, max_mb))
		check_upload(upload.filename, content)
		checked.append(Upload(upload.filename, content))
	return checked


def notify_petitioner(petition):
	message = _(
		"Your petition {0} has been received. Tracking code: {1}. Use it with the last four digits of your phone number to follow its progress online."
	).format(petition.name, petition.tracking_code)
	if petition.petitioner_email and frappe.db.exists(
		"Email Account", {"enable_outgoing": 1, "default_outgoing": 1}
	):
		frappe.sendmail(
			recipients=[petition.petitioner_email],
			subject=_("Petition {0} received").format(petition.name),
			message=message,
			reference_doctype="Petition",
			reference_name=petition.name,
		)
	# The SMS with the tracking code is the Notification "Petition Registered SMS" (services/sms.py).


def find(code: str | None, last_four: str | None) -> dict:
	"""The petition for a code and phone ending, or the same refusal whichever of the two is wrong."""
	row = frappe.db.get_value(
		"Petition", {"tracking_code": portal.normalise_code(code)}, PUBLIC_FIELDS, as_dict=True
	)
	if not row or not portal.tracking_matches(row.petitioner_phone, last_four):
		frappe.throw(
			_("No petition matches this tracking code and phone number. Check both and try again."),
			frappe.DoesNotExistError,
			title=_("Not found"),
		)
	return row


def public_view(row: dict) -> dict:
	reviews = frappe.get_all(
		"Petition",
		filters={"parent_petition": row.name},
		fields=["received_at", "review_stage"],
		order_by="received_at",
	)
	limits = settings.time_limits()
	return {
		"name": row.name,
		# Stored text had its markup escaped on save; the page shows it as text again.
		"subject": html.unescape(row.subject or ""),
		"received_at": str(row.received_at)[:16],
		"milestones": [
			{
				"key": m.key,
				"on": str(m.on or ""),
				"detail": _(m.detail, context="Petition")
				if m.key == "review_requested"
				else html.unescape(m.detail or ""),
			}
			for m in portal.milestones(
				row,
				reviews,
				registered=records.petition_kept(row.workflow_state, initial_state()),
				decision_final=settings.clock_of(row.workflow_state) in settings.STOPPING_CLOCKS,
			)
		],
		# the outcome and its basis are told with the written opinion once delivered, not before
		"outcome": _(row.outcome) if row.outcome and portal.opinion_delivered(row) else "",
		"legal_basis": row.legal_basis if portal.opinion_delivered(row) else "",
		"satisfaction": _(row.satisfaction) if row.satisfaction else "",
		# before a decision on acceptance: the date by which the petitioner will be told it
		"decision_due": str(row.notice_due) if row.notice_due and not row.acceptance else "",
		"may_rate": portal.may_rate(row),
		**review_offer(row, limits, bool(reviews)),
	}


def review_offer(row, limits, has_review: bool) -> dict:
	"""While the review window is open: where the review is asked for (the route set in Petition Settings,
	as the written opinion says it), and whether this page files it with the hospital."""
	window_open = portal.may_request_review(row, getdate(today()), limits.review_request_days, has_review)
	if not window_open:
		return {"may_request_review": False, "review_route": None}
	route = settings.review_route(row.review_stage)
	return {
		"may_request_review": route.files_here,
		"review_route": {"files_here": route.files_here, "text": review_route_text(route, limits)},
	}


def review_route_text(route, limits) -> str:
	days = limits.review_request_days
	if route.files_here:
		return _(
			"Not satisfied with the written reply? Within {0} days of receiving it you may ask {1} for a review (复查): give your reasons below."
		).format(days, route.authority)
	stage = _(route.stage, context="Petition")
	if route.address:
		return _(
			"Not satisfied with the written reply? Within {0} days of receiving it you may ask {1} for a {2}, in writing, at {3}. It is not requested on this page."
		).format(days, route.authority, stage, route.address)
	return _(
		"Not satisfied with the written reply? Within {0} days of receiving it you may ask {1} for a {2}. It is not requested on this page."
	).format(days, route.authority, stage)


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=_track_limit, seconds=60 * 60)
def track(code: str | None = None, last_four: str | None = None):
	return public_view(find(code, last_four))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=_track_limit, seconds=60 * 60)
def rate(code: str | None = None, last_four: str | None = None, satisfaction: str | None = None):
	row = find(code, last_four)
	if satisfaction not in RATINGS:
		frappe.throw(_("Choose how satisfied you are."))
	if not portal.may_rate(row):
		frappe.throw(_("This petition cannot be rated now: it is rated once, after the written reply."))
	frappe.db.set_value("Petition", row.name, "satisfaction", satisfaction)
	return public_view(find(code, last_four))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=_track_limit, seconds=60 * 60)
def request_review(code: str | None = None, last_four: str | None = None, request: str | None = None):
	row = find(code, last_four)
	limits = settings.time_limits()
	if not portal.may_request_review(row, getdate(today()), limits.review_request_days, False):
		frappe.throw(
			_(
				"A review can be requested within {0} days of receiving the written reply, once, for an appeal or claim."
			).format(limits.review_request_days)
		)
	route = settings.review_route(row.review_stage)
	if not route.files_here:
		# the supervising commission answers it: the petitioner is told where to go, nothing is filed here
		frappe.throw(review_route_text(route, limits), ReviewElsewhere, title=_("Where to ask for a review"))
	reason = (request or "").strip()
	if not reason:
		frappe.throw(_("Please give the reasons for your review request."), frappe.MandatoryError)
	review = create_review(
		frappe.get_doc("Petition", row.name),
		now_datetime(),
		reason,
		ignore_permissions=True,
		online=True,
	)
	return {
		"review": review.name,
		"tracking_code": review.tracking_code,
		"stage": _(review.review_stage, context="Petition"),
	}


@frappe.whitelist()
def my_petitions():
	"""A logged-in website user's own petitions."""
	if frappe.session.user == "Guest":
		frappe.throw(_("Please log in."), frappe.PermissionError)
	return frappe.get_all(
		"Petition",
		filters={"portal_user": frappe.session.user},
		fields=["name", "subject", "received_at", "tracking_code", "replied_on", "concluded_on"],
		order_by="received_at desc",
	)
