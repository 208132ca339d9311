"""SMS that were tried, and failed or were put back for a retry, only because no SMS gateway was set up now
wait for one in the outbox (Not Sent: No Gateway): they go out once a gateway is set up, or expire after the
hours of Petition Settings, counted from when they were queued (services/sms.py)."""

import frappe
from frappe.translate import get_all_translations

from xinfang_app.services import alerts

OLD_REASON = "No SMS gateway is set up in SMS Settings."


def execute():
	reasons = {OLD_REASON}
	for lang in ("zh", frappe.db.get_default("lang") or "en"):
		translated = (get_all_translations(lang) or {}).get(OLD_REASON)
		if translated:
			reasons.add(translated)
	outbox = frappe.qb.DocType(alerts.OUTBOX)
	(
		frappe.qb.update(outbox)
		.set(outbox.status, alerts.NO_GATEWAY)
		.set(outbox.next_attempt_at, None)
		.set(outbox.last_error, alerts.no_gateway_reason())
		.where(outbox.status.isin(["Queued", "Failed"]))
		.where(outbox.last_error.isin(sorted(reasons)))
	).run()
