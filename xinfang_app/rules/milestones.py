"""The moments a petitioner is told of by SMS (信访人短信告知节点).

Registration (the tracking code is issued), the decision on acceptance, an extension with its reason, the
written reply and the answer to a review or re-review. Each is found by comparing a petition before and
after it was saved; the notification texts themselves are Notifications the administrator edits.
"""

from __future__ import annotations

from collections.abc import Mapping

REGISTERED = "registered"
ACCEPTANCE_DECIDED = "acceptance_decided"
EXTENDED = "extended"
REPLIED = "replied"
REVIEW_DECIDED = "review_decided"

# The Notification "Method" each milestone runs on a petition.
METHODS = {
	REGISTERED: "on_petition_registered",
	ACCEPTANCE_DECIDED: "on_acceptance_decided",
	EXTENDED: "on_extension_approved",
	REPLIED: "on_reply_given",
	REVIEW_DECIDED: "on_review_decided",
}
REVIEW_STAGES = ("Review", "Re-review")


def reached(before: Mapping | None, after: Mapping) -> list[str]:
	"""The milestones reached by a save that turned ``before`` (``None`` for a new petition) into ``after``."""
	old = before or {}
	found = []
	if before is None and after.get("tracking_code"):
		found.append(REGISTERED)
	if after.get("acceptance") and after.get("acceptance") != old.get("acceptance"):
		found.append(ACCEPTANCE_DECIDED)
	if (after.get("extension_days") or 0) > (old.get("extension_days") or 0):
		found.append(EXTENDED)
	if after.get("replied_on") and not old.get("replied_on"):
		found.append(REVIEW_DECIDED if after.get("review_stage") in REVIEW_STAGES else REPLIED)
	return found
