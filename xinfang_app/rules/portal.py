"""What a petitioner may do and see online (网上信访), as plain rules.

The tracking page shows only the milestones a petitioner is entitled to (registration, the written
notice of acceptance or not, a transfer, an extension with its reason, the written opinion, review
requests): never internal notes, handler names or other people's petitions.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from dataclasses import dataclass

from xinfang_app.rules.identity import last_four
from xinfang_app.rules.outcomes import APPEAL

ANONYMOUS_KINDS = ("Suggestion", "Report")
NOT_ACCEPTED = ("Not Accepted", "Transferred", "Redirected")


def normalise_code(code: str | None) -> str:
	return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def tracking_matches(stored_phone: str | None, given_last_four: str | None) -> bool:
	"""The last four digits of the phone number must match; a petition given without a phone is
	found by its code alone. Compared in constant time."""
	expected = last_four(stored_phone)
	given = "".join(ch for ch in (given_last_four or "") if ch.isdigit())
	return hmac.compare_digest(expected, given)


def may_be_anonymous(matter_kind: str | None) -> bool:
	return matter_kind in ANONYMOUS_KINDS


def file_refusal(filename: str, size: int, allowed: list[str], max_bytes: int) -> str | None:
	"""Why a file is refused ("type" or "size"), or None when it is accepted."""
	ext = os.path.splitext(filename or "")[1].lower().lstrip(".")
	if ext not in {a.lower().strip().lstrip(".") for a in allowed if a.strip()}:
		return "type"
	if size > max_bytes:
		return "size"
	return None


@dataclass
class Milestone:
	key: str
	on: dt.date | None
	detail: str = ""


def milestones(
	p: dict, reviews: list[dict] = (), registered: bool = True, decision_final: bool = False
) -> list[Milestone]:
	"""The petitioner's view of one petition, oldest first. ``p`` holds the petition's fields.

	Only what happened is told: a submission not yet registered is "submitted"; a decision on acceptance
	appears once taken (``accepted_on`` set, or ``decision_final`` for a decision not to accept), and
	"written notice sent" only once a notice went out (``notice_sent_on``); the written reply once its
	written opinion (信访事项处理意见书) was delivered (``opinion_sent_on``), dated by that delivery."""
	out = [Milestone("registered" if registered else "submitted", _date(p.get("received_at")))]
	acceptance = p.get("acceptance")
	decided = False
	if acceptance == "Accepted" and p.get("accepted_on"):
		out.append(Milestone("accepted", _date(p.get("accepted_on")), str(p.get("due_date") or "")))
		decided = True
	elif acceptance in NOT_ACCEPTED and (decision_final or p.get("notice_sent_on")):
		key = "not_accepted" if acceptance == "Not Accepted" else "transferred"
		detail = p.get("acceptance_reason") or ""
		if p.get("transferred_to"):
			detail = f"{detail} {p.get('transferred_to')}".strip()
		out.append(Milestone(key, _date(p.get("notice_sent_on")), detail))
		decided = True
	if decided and p.get("notice_sent_on"):
		out.append(Milestone("notice_sent", _date(p.get("notice_sent_on"))))
	if (p.get("extension_days") or 0) > 0 and p.get("extension_approved_on"):
		out.append(
			Milestone("extended", _date(p.get("extension_approved_on")), p.get("extension_reason") or "")
		)
	if opinion_delivered(p) and p.get("reply"):
		out.append(Milestone("replied", _date(p.get("opinion_sent_on")), p.get("reply") or ""))
	if p.get("concluded_on"):
		out.append(Milestone("concluded", _date(p.get("concluded_on"))))
	for review in reviews:
		out.append(
			Milestone("review_requested", _date(review.get("received_at")), review.get("review_stage") or "")
		)
	return out


def opinion_delivered(p: dict) -> bool:
	"""The approved reply reached the petitioner: its written opinion was emailed, posted or handed over."""
	return bool(p.get("replied_on") and p.get("opinion_sent_on"))


def may_rate(p: dict) -> bool:
	return opinion_delivered(p) and p.get("satisfaction") in (None, "", "Not Rated")


def may_request_review(p: dict, today: dt.date, window_days: int, has_review: bool) -> bool:
	"""Within ``window_days`` of receiving the written opinion (Arts. 35-36), once, for an appeal or claim."""
	replied = _date(p.get("opinion_sent_on")) if opinion_delivered(p) else None
	if not replied or has_review or p.get("review_stage") == "Re-review" or p.get("matter_kind") != APPEAL:
		return False
	return today <= replied + dt.timedelta(days=window_days)


def _date(value) -> dt.date | None:
	if not value:
		return None
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	return dt.date.fromisoformat(str(value)[:10])
