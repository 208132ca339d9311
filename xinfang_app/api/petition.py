"""Whitelisted petition actions: check permission, then call the shared logic."""

from __future__ import annotations

import frappe
from frappe.utils import now_datetime

from xinfang_app.rules.deadlines import next_review_stage
from xinfang_app.rules.review_request import review_channel, review_subject

COPIED_FIELDS = (
	"channel",
	"matter_kind",
	"category",
	"department_concerned",
	"is_anonymous",
	"is_joint",
	"number_of_people",
	"petitioner_name",
	"petitioner_phone",
	"petitioner_id_number",
	"petitioner_address",
	"patient_name",
	"medical_record_no",
	"handling_office",
)


@frappe.whitelist()
def request_review(
	petition: str,
	requested_at: str | None = None,
	request: str | None = None,
	facts: str | None = None,
	channel: str | None = None,
) -> str:
	"""Register a review (复查) or re-review (复核) request as a new petition linked to the one reviewed.

	The request must come within the review window after the written reply (Arts. 35-36); the new
	petition's controller checks that, so a request through the REST API is held to the same rule.
	``channel`` is how the request came (by default the way the reviewed petition came).
	"""
	parent = frappe.get_doc("Petition", petition)
	parent.check_permission("read")
	frappe.has_permission("Petition", "create", throw=True)
	return create_review(parent, requested_at, request, facts, channel=channel).name


def create_review(
	parent, requested_at=None, request=None, facts=None, ignore_permissions=False, channel=None, online=False
):
	"""The review petition, linked to ``parent``; its controller enforces the review window."""
	stage = next_review_stage(parent.review_stage)
	review = frappe.new_doc("Petition")
	for field in COPIED_FIELDS:
		review.set(field, parent.get(field))
	review.channel = review_channel(parent.channel, online, channel)
	for row in parent.representatives:
		review.append(
			"representatives",
			{k: row.get(k) for k in ("representative_name", "phone", "id_number", "relation")},
		)
	review.update(
		{
			"received_at": requested_at or now_datetime(),
			"review_stage": stage or "Re-review",
			"parent_petition": parent.name,
			"subject": review_subject(stage or "Re-review", parent.name, parent.subject),
			"request": request or parent.request,
			"facts": facts or parent.facts,
		}
	)
	review.insert(ignore_permissions=ignore_permissions)
	return review


@frappe.whitelist()
def awaiting_my_approval(filters=None) -> dict:
	"""The 待我审批 number card: the petitions waiting for the current user's approval, and their list."""
	from xinfang_app.services.next_step import awaiting_me

	return awaiting_me()


@frappe.whitelist()
def guidance(petition: str) -> dict | None:
	"""The form's guidance line: what the current step needs and who acts next."""
	from xinfang_app.services.guidance import guidance as guidance_of

	doc = frappe.get_doc("Petition", petition)
	doc.check_permission("read")
	return guidance_of(doc)
