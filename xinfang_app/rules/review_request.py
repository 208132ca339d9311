"""A review (复查) or re-review (复核) request (《信访工作条例》Arts. 35-36) as a petition of its own.

Its subject is in Chinese whatever the language of the person who enters it: the record is Chinese and
the petitioner reads it. It came the way it was made (online, or as the officer records it), and it is
linked to the petition it reviews (``parent_petition``) rather than flagged as a repeat of it.
"""

from __future__ import annotations

STAGE_NAMES = {"Review": "复查", "Re-review": "复核"}
SUBJECT_LENGTH = 240
ONLINE = "Online"


def review_subject(stage: str, parent: str, parent_subject: str | None) -> str:
	"""E.g. "复查申请（XF-2026-00012）：对住院期间护士服务态度的投诉"."""
	name = STAGE_NAMES.get(stage, STAGE_NAMES["Review"])
	return f"{name}申请（{parent}）：{parent_subject or ''}".rstrip("：")[:SUBJECT_LENGTH]


def review_channel(parent_channel: str | None, made_online: bool, given: str | None = None) -> str | None:
	"""Online when the petitioner asked on the website; otherwise the way the officer says it came,
	by default the way the reviewed petition came."""
	if made_online:
		return ONLINE
	return given or parent_channel
