"""SMS to petitioners (短信告知) at each milestone, through Frappe's Notifications and SMS Settings.

The texts are Notifications with the SMS channel and the event "Method" that the administrator edits
(installed once from ``setup/defaults/notifications.json``: condition, recipients and text). Each milestone
of ``xinfang_app.rules.milestones`` runs the Notifications of its method. An SMS is not sent while the
petition is saved: it goes into an outbox (Petition SMS), a background job hands it to the gateway set up in
SMS Settings, and a failed send is logged (Error Log) and retried by a scheduled sweep, so a gateway that is
down never stops a petition being saved. A petitioner who gave no phone or asked for no SMS gets none.

With no gateway set up at all (how most hospitals start) a message is not tried: it waits in the outbox as
"Not Sent: No Gateway", the administrator is told once a day (``services/alerts.py``) and sees the number
waiting in Petition Settings; the messages go out once a gateway is set up, or expire after the hours set
in Petition Settings, with the reason.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime
from frappe.utils.caching import site_cache

from xinfang_app.compat import enabled_notifications, sms_receivers
from xinfang_app.rules import identity, milestones
from xinfang_app.services import alerts
from xinfang_app.services.deferred import defer

PETITION = "Petition"
OUTBOX = "Petition SMS"
# Minutes to wait after each failed attempt; after the last one the message is marked Failed.
RETRY_MINUTES = (5, 15, 60, 240)


def announce_milestones(petition):
	"""Run the Notifications of every milestone this save of ``petition`` reached."""
	before = petition.get_doc_before_save()
	for reached in milestones.reached(before.as_dict() if before else None, petition.as_dict()):
		notify(petition, milestones.METHODS[reached])


def notify(petition, method: str):
	"""The enabled Notifications on ``method`` (event "Method"): an SMS goes to the outbox, any other
	channel the way Frappe sends it."""
	from frappe.email.doctype.notification.notification import evaluate_alert, get_context

	for alert in enabled_notifications(PETITION):
		if alert.event != "Method" or alert.method != method:
			continue
		notification = frappe.get_cached_doc("Notification", alert.name)  # read only, never changed here
		if notification.channel != "SMS":
			evaluate_alert(petition, alert.name, "Method")
			continue
		context = get_context(petition)
		if notification.condition and not frappe.safe_eval(notification.condition, None, context):
			continue
		try:
			message = sms_template(notification).render({**context, "alert": notification})
			receivers = sms_receivers(notification, petition, context)
		except Exception:
			# A broken text must not stop the petition being saved; the administrator sees the log.
			frappe.log_error(title=_("SMS text of Notification {0} could not be prepared").format(alert.name))
			continue
		queue(petition, receivers, message, alert.name)


def sms_template(notification):
	"""The Notification's text compiled once per edit, with the check ``frappe.render_template`` makes."""
	if ".__" in (notification.message or ""):
		frappe.throw(_("Illegal template"))
	return _compiled(notification.name, str(notification.modified), notification.message or "")


@site_cache(maxsize=256)
def _compiled(name: str, modified: str, message: str):
	return frappe.get_jenv().from_string(message)


def may_text(petition, phone: str | None) -> bool:
	"""Never to a petitioner who opted out; an SMS needs a number."""
	if not (phone or "").strip():
		return False
	own = identity.normalise_phone(petition.get("petitioner_phone"))
	return not (own and identity.normalise_phone(phone) == own and petition.get("sms_opt_out"))


def queue(petition, receivers, message: str, notification: str | None = None) -> list[str]:
	"""Put one message per receiver in the outbox; the delivery runs once the save is committed, in the
	save's after-commit job (``services/deferred.py``).

	An outbox row is written with one INSERT inside the petition's save: the phone was checked with the
	petition, the petition and the Notification are the ones at hand, and nobody edits the row."""
	now = now_datetime()
	user = frappe.session.user
	phones = [p for p in dict.fromkeys(r.strip() for r in receivers if r) if may_text(petition, p)]
	gateway = alerts.sms_gateway_set()
	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"creation": now,
			"modified": now,
			"owner": user,
			"modified_by": user,
			"petition": petition.name,
			"notification": notification,
			"phone": phone,
			"message": message,
			"status": "Queued" if gateway else alerts.NO_GATEWAY,
			"next_attempt_at": now if gateway else None,
			"last_error": None if gateway else alerts.no_gateway_reason(),
		}
		for phone in phones
	]
	if rows:
		fields = list(rows[0])
		frappe.db.bulk_insert(OUTBOX, fields, [[row[f] for f in fields] for row in rows])
	for row in rows if gateway else ():
		defer("xinfang_app.services.sms.deliver", name=row["name"])
	return [row["name"] for row in rows]


def deliver(name: str):
	"""Hand one queued message to the gateway; a failure is logged and the message retried later."""
	if not frappe.db.exists(OUTBOX, name):
		return  # a draft deleted before the delivery took its SMS along
	row = frappe.get_doc(OUTBOX, name, for_update=True)
	if row.status != "Queued":
		return
	if not frappe.db.exists(PETITION, row.petition):
		row.db_set(
			{"status": "Failed", "next_attempt_at": None, "last_error": _("The petition was deleted.")}
		)
		return
	if not alerts.sms_gateway_set():
		# Nothing is wrong with this message: it waits for the gateway, told once a day (retry_due).
		row.db_set(
			{"status": alerts.NO_GATEWAY, "next_attempt_at": None, "last_error": alerts.no_gateway_reason()}
		)
		return
	try:
		send_through_gateway(row.phone, row.message)
	except Exception as error:
		attempts = (row.attempts or 0) + 1
		retry = attempts <= len(RETRY_MINUTES)
		row.db_set(
			{
				"attempts": attempts,
				"last_error": str(error)[:1000] or error.__class__.__name__,
				"status": "Queued" if retry else "Failed",
				"next_attempt_at": add_to_date(now_datetime(), minutes=RETRY_MINUTES[attempts - 1])
				if retry
				else None,
			}
		)
		frappe.log_error(
			title=_("SMS to the petitioner of {0} not sent (attempt {1})").format(row.petition, attempts),
			reference_doctype=PETITION,
			reference_name=row.petition,
		)
	else:
		row.db_set({"status": "Sent", "sent_at": now_datetime(), "next_attempt_at": None})


def send_through_gateway(phone: str, message: str):
	"""One request to the gateway of SMS Settings, built as Frappe builds it (URL, parameters, headers,
	GET / POST / JSON). Frappe's ``send_via_gateway`` is not used: after sending it writes an SMS Log,
	a DocType only ERPNext provides; the outbox row is this app's record of the message."""
	from frappe.core.doctype.sms_settings.sms_settings import get_headers, send_request, validate_receiver_nos

	conf = frappe.get_doc("SMS Settings")
	if not conf.sms_gateway_url:
		raise frappe.ValidationError(_("No SMS gateway is set up in SMS Settings."))
	headers = get_headers(conf)
	params = {conf.message_parameter: message}
	params.update({row.parameter: row.value for row in conf.parameters if not row.header})
	for receiver in validate_receiver_nos([phone]):
		params[conf.receiver_parameter] = receiver
		send_request(
			conf.sms_gateway_url,
			params,
			headers,
			conf.use_post,
			headers.get("Content-Type") == "application/json",
		)


def retry_due(limit: int = 200, commit: bool = True, now=None):
	"""Scheduled: send every queued message whose time has come (a retry, or a job that never ran).

	Messages waiting for a gateway are queued again once one is set up, or expire; while none is set up
	the administrator is told once a day."""
	now = now or now_datetime()
	try:
		release_or_expire_waiting(now)
	except Exception:
		# (a lock held elsewhere, say): the messages already due are sent all the same
		if commit:
			frappe.db.rollback()
		frappe.log_error(title=_("SMS waiting for a gateway could not be released or expired"))
	if commit:
		frappe.db.commit()
	for name in frappe.get_all(
		OUTBOX,
		filters={"status": "Queued", "next_attempt_at": ("<=", now)},
		pluck="name",
		order_by="next_attempt_at",
		limit=limit,
	):
		try:
			deliver(name)
		except Exception:
			frappe.log_error(title=_("SMS {0} could not be handled").format(name))
		if commit:
			frappe.db.commit()


def release_or_expire_waiting(now):
	"""Messages that wait for a gateway: queued for now once one is set up; otherwise those waiting longer
	than Petition Settings allows expire (with the reason), and the administrator is told once a day."""
	outbox = frappe.qb.DocType(OUTBOX)
	if alerts.sms_gateway_set():
		(
			frappe.qb.update(outbox)
			.set(outbox.status, "Queued")
			.set(outbox.next_attempt_at, now)
			.set(outbox.last_error, None)
			.where(outbox.status == alerts.NO_GATEWAY)
		).run()
		return
	hours = alerts.sms_expiry_hours()
	(
		frappe.qb.update(outbox)
		.set(outbox.status, "Expired")
		.set(
			outbox.last_error,
			_("Expired: not sent within {0} hours because no SMS gateway was set up in SMS Settings.").format(
				hours
			),
		)
		.where(outbox.status == alerts.NO_GATEWAY)
		.where(outbox.creation < add_to_date(now, hours=-hours))
	).run()
	alerts.tell_no_gateway(now)
