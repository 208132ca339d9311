"""An approved reply is part of the record (信访档案): it does not change without a new approval.

Once a department head or leader approves the reply, the petition's state stops the clock as "Replied" or
"Concluded" (the category Petition Settings gives each workflow state). From then on the fields that make
up the written opinion are locked; to correct them, the petition is first sent back for revision by a
workflow action, and the revised reply is approved again. The lock follows the state's category, not its
name, so states an administrator renames or adds keep the rule.
"""

from __future__ import annotations

from collections.abc import Mapping

# The written opinion (处理意见书): what the petitioner was told, and on what grounds.
LOCKED_FIELDS = ("findings", "outcome", "legal_basis", "reply")

# State categories (Petition Settings → State Clocks) in which an approved reply stands.
REPLY_STANDS = ("Replied", "Concluded")
CLOSED = "Closed"


def reply_locked(clock: str | None, replied_on=None) -> bool:
	"""Whether a petition in a state of category ``clock`` holds an approved reply that may not change.

	A closed state (archived) locks the reply it holds once one was given; a closed state reached without
	a reply (not accepted, transferred) has none to lock."""
	if clock in REPLY_STANDS:
		return True
	return clock == CLOSED and bool(replied_on)


def changed_fields(before: Mapping, after: Mapping, fields=LOCKED_FIELDS) -> list[str]:
	"""The locked fields whose value differs; an empty value and a missing one are the same."""
	return [f for f in fields if _norm(before.get(f)) != _norm(after.get(f))]


def _norm(value) -> str:
	return "" if value is None else str(value).strip()
