"""A review (复查) or re-review (复核) request (《信访工作条例》Arts. 35-36) as a petition of its own.

Its subject is in Chinese whatever the language of the person who enters it: the record is Chinese and
the petitioner reads it. It came the way it was made (online, or as the officer records it), and it is
linked to the petition it reviews (``parent_petition``) rather than flagged as a repeat of it.
"""

from __future__ import annotations

from dataclasses import dataclass

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


# Where a petitioner who disagrees with the written opinion turns (Petition Settings, 复查途径): the hospital's
# own re-examination (医疗机构投诉管理办法), or the supervising health commission (信访工作条例 Art. 35).
HOSPITAL = "Hospital Re-examination"
COMMISSION = "Supervising Health Commission"
NEXT_STAGE = {None: "Review", "": "Review", "Original": "Review", "Review": "Re-review", "Re-review": None}
FALLBACK_AUTHORITY = "原办理机关的上一级机关"
HIGHER_AUTHORITY = "上一级机关"


@dataclass(frozen=True)
class ReviewRoute:
	stage: (
		str | None
	)  # the request that follows this opinion: Review (复查), Re-review (复核) or none (final)
	files_here: bool  # requested from the hospital itself (online too), or from the authority named
	authority: str  # who answers it
	address: str | None


def review_route(
	route: str | None,
	stage: str | None,
	institution: str | None,
	commission: str | None,
	commission_address: str | None,
) -> ReviewRoute:
	"""Who answers the request that may follow an opinion of ``stage``. Only the first review may be the
	hospital's own; a re-review always goes to the supervising commission (or the next higher authority)."""
	next_stage = NEXT_STAGE.get(stage, "Review")
	if next_stage is None:
		return ReviewRoute(None, False, "", None)
	if next_stage == "Review" and route != COMMISSION:
		return ReviewRoute(next_stage, True, institution or "本院", None)
	fallback = FALLBACK_AUTHORITY if next_stage == "Review" else HIGHER_AUTHORITY
	return ReviewRoute(next_stage, False, commission or fallback, commission_address if commission else None)


def chinese_days(days: int) -> str:
	return {15: "十五", 30: "三十", 60: "六十"}.get(days, str(days))


def opinion_sentence(route: ReviewRoute, days: int) -> str:
	"""The closing sentence of the written opinion (信访事项处理意见书): where and by when to ask for a review."""
	if route.stage is None:
		return "本复核意见为最终意见。您就同一事实和理由再次提出信访的，信访部门将不再受理。"
	this = "本复查意见" if route.stage == "Re-review" else "本处理意见"
	asks = "请求复核" if route.stage == "Re-review" else ("申请复查" if route.files_here else "请求复查")
	where = route.authority + (f"（地址：{route.address}）" if route.address else "")
	return f"如对{this}不服，可以自收到本意见书之日起{chinese_days(days)}日内向{where}{asks}。"
