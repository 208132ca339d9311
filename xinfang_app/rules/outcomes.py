"""Matter kinds (Arts. 29-31) and the outcomes that fit each (Art. 32)."""

SUGGESTION, REPORT, APPEAL = "Suggestion", "Report", "Appeal"

OUTCOMES = {
	APPEAL: ("Supported", "Explained", "Not Supported"),  # 予以支持 / 解释说明 / 不予支持
	SUGGESTION: ("Adopted", "Partially Adopted", "Not Adopted"),  # 采纳 / 部分采纳 / 未采纳
	REPORT: ("Substantiated", "Partially Substantiated", "Unsubstantiated"),  # 查实 / 部分查实 / 不实
}

ACCEPTANCE = ("Accepted", "Not Accepted", "Transferred", "Redirected")


def outcome_fits(matter_kind: str | None, outcome: str | None) -> bool:
	if not outcome:
		return True
	return outcome in OUTCOMES.get(matter_kind or "", ())


def outcomes_for(matter_kind: str | None) -> tuple[str, ...]:
	return OUTCOMES.get(matter_kind or "", ())
