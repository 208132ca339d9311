"""What the current step of a petition needs and who acts next: the guidance line on the Petition form.

Read from the Petition workflow itself: the transitions that leave the current state, the roles allowed to
take them, and the fields their conditions name. States an administrator renamed or added, new transitions
and changed conditions are followed without a change here.
"""

from __future__ import annotations

import itertools
import re

import frappe
from frappe import _
from frappe.model.workflow import (
	get_workflow_name,
	get_workflow_safe_globals,
	is_transition_condition_satisfied,
)

from xinfang_app.rules import reply_lock
from xinfang_app.services import settings

FIELD_IN_CONDITION = re.compile(r"\bdoc\.([A-Za-z_][A-Za-z0-9_]*)")
FILLED = "…"  # stands for "any value" when asking whether filling a field can satisfy a condition
MAX_TRIES = 64
REVISION_CLOCKS = (settings.CLOCK_OPEN, settings.CLOCK_START, settings.CLOCK_PAUSED)


def petition_workflow():
	name = get_workflow_name("Petition")
	return frappe.get_cached_doc("Workflow", name) if name else None


def initial_state() -> str:
	"""The workflow's first state (Draft): a petition still in it is not registered yet."""
	workflow = petition_workflow()
	return workflow.states[0].state if workflow and workflow.states else "Draft"


def revision_actions(state: str | None) -> list[str]:
	"""The actions that send a petition in ``state`` back to a state where its reply is worked on again."""
	workflow = petition_workflow()
	if not workflow:
		return []
	return _unique(
		t.action
		for t in workflow.transitions
		if t.state == state and settings.clock_of(t.next_state) in REVISION_CLOCKS
	)


def next_steps(doc) -> list[dict]:
	"""The steps out of the petition's current state, each with the roles that take it, whether its
	condition holds, and the fields still to be filled for it. Steps that the values already entered rule
	out (another decision was chosen) are left out, and so are optional steps back into the same state
	until their fields are filled."""
	workflow = petition_workflow()
	if not workflow or doc.is_new():
		return []
	state = doc.get(workflow.workflow_state_field)
	roles = set(frappe.get_roles())
	steps: dict[tuple[str, str], dict] = {}
	for t in workflow.transitions:
		if t.state != state:
			continue
		key = (t.action, t.next_state)
		if key in steps:
			steps[key]["roles"] = _unique([*steps[key]["roles"], t.allowed])
			continue
		ready = bool(is_transition_condition_satisfied(t, doc))
		missing = [] if ready else missing_fields(doc, t)
		if missing is None or (not ready and t.next_state == state):
			continue
		missing += app_requirements(doc, t.next_state)
		steps[key] = {
			"action": t.action,
			"next_state": t.next_state,
			"roles": [t.allowed],
			"ready": ready and not missing,
			"missing": missing,
		}
	for step in steps.values():
		step["mine"] = frappe.session.user == "Administrator" or bool(roles & set(step["roles"]))
	return list(steps.values())


def missing_fields(doc, transition) -> list[str] | None:
	"""The empty fields named in the condition whose filling can make it hold; ``None`` when no filling
	can (the values entered chose another way). Check fields are flags the app sets, not entries."""
	meta = doc.meta
	empty = []
	for fieldname in _unique(FIELD_IN_CONDITION.findall(transition.condition or "")):
		field = meta.get_field(fieldname)
		if field and field.fieldtype != "Check" and doc.get(fieldname) in (None, "", 0, []):
			empty.append(field)
	if not empty:
		return None
	choices = [_candidates(field) for field in empty]
	values = doc.as_dict()
	safe_globals = get_workflow_safe_globals()
	for combination in itertools.islice(itertools.product(*choices), MAX_TRIES):
		trial = frappe._dict(values)
		trial.update({field.fieldname: value for field, value in zip(empty, combination, strict=True)})
		try:
			holds = frappe.safe_eval(transition.condition, safe_globals, {"doc": trial})
		except Exception:
			holds = False
		if holds:
			return [_(field.label, context=field.parent) for field in empty]
	return None


def app_requirements(doc, next_state: str) -> list[str]:
	"""What the app itself requires on entering ``next_state`` beyond the workflow's condition."""
	conf = settings.settings()
	if (
		conf.require_case_owner
		and next_state == (conf.case_owner_required_from or "In Progress")
		and (doc.is_major or doc.is_joint or doc.is_escalated)
		and not doc.case_owner
	):
		return [_("Case Owner")]
	return []


def guidance(doc) -> dict | None:
	"""The guidance line: the current state, each next step, who takes it and what it still needs; with
	the fields the form shows read-only because the reply they hold was approved (``locked``)."""
	if doc.is_new() or not petition_workflow():
		return None
	answer = text_and_indicator(doc)
	locked = reply_lock.reply_locked(settings.clock_of(doc.workflow_state), doc.replied_on)
	return {
		**answer,
		"locked": list(reply_lock.LOCKED_FIELDS) if locked else [],
		"lockable": list(reply_lock.LOCKED_FIELDS),
	}


def text_and_indicator(doc) -> dict:
	state = _(doc.workflow_state or "")
	steps = next_steps(doc)
	notice = notice_pending(doc)
	if not steps:
		text = _("{0}: no further step in the workflow.").format(state)
		return {"text": f"{text} {notice}" if notice else text, "indicator": "orange" if notice else "gray"}
	groups: dict[tuple, list[str]] = {}
	for step in steps:
		key = (tuple(step["roles"]), tuple(step["missing"]), step["mine"])
		groups.setdefault(key, []).append(_(step["action"]))
	parts = []
	editors = state_editors(doc.workflow_state)
	may_edit = frappe.session.user == "Administrator" or bool(set(frappe.get_roles()) & set(editors))
	for (roles, missing, mine), actions in groups.items():
		action = " / ".join(actions)
		who = "、".join(_(r) for r in roles)
		if missing and not may_edit:
			# the workflow keeps the form read-only for this user in this state: never ask them to fill it
			parts.append(
				_("{0} ({1}): waiting for {2} to fill in {3}").format(
					action, who, "、".join(_(r) for r in editors), "、".join(missing)
				)
			)
		elif missing:
			tabs = _unique(filter(None, (tab_of(doc.meta, label) for label in missing)))
			if len(tabs) == 1:
				parts.append(
					_("{0} ({1}): first fill in {2} on the {3} tab").format(
						action, who, "、".join(missing), _(tabs[0])
					)
				)
			else:
				parts.append(_("{0} ({1}) needs {2} filled in first").format(action, who, "、".join(missing)))
		elif mine:
			parts.append(_("{0} ({1}): ready, take it from the Actions menu").format(action, who))
		else:
			parts.append(_("{0}: waiting for {1}").format(action, who))
	ready_for_me = any(s["ready"] and s["mine"] for s in steps)
	separator = "；" if (frappe.local.lang or "").startswith("zh") else "; "
	text = _("Current state {0}. Next: {1}.").format(state, separator.join(parts))
	return {
		"text": f"{text} {notice}" if notice else text,
		"indicator": "green"
		if ready_for_me and not notice
		else ("orange" if notice or any(s["missing"] for s in steps) else "blue"),
	}


def state_editors(state: str | None) -> list[str]:
	"""The roles the workflow lets edit a petition in ``state`` (its 仅允许编辑 rows)."""
	workflow = petition_workflow()
	return (
		_unique(s.allow_edit for s in workflow.states if s.state == state and s.allow_edit)
		if workflow
		else []
	)


def notice_pending(doc) -> str | None:
	return " ".join(filter(None, (acceptance_notice_pending(doc), opinion_pending(doc)))) or None


def opinion_pending(doc) -> str | None:
	"""A reminder when the reply was approved and its written opinion (信访事项处理意见书) has not gone out:
	until it is delivered the petitioner has no written reply and their review window does not run."""
	if not doc.replied_on or doc.opinion_sent_on or not (doc.outcome or doc.reply):
		return None
	from xinfang_app.permissions import may_see_identity

	if not may_see_identity():
		return None
	return _(
		"The written opinion has not gone out yet: under Notices, email it, or print it and record it as posted or handed over in person. Until then the petitioner has no written reply and the review period does not start."
	)


def acceptance_notice_pending(doc) -> str | None:
	"""A reminder when the decision on acceptance was taken and no written notice went out yet."""
	decided = bool(doc.accepted_on) or (
		doc.acceptance in ("Not Accepted", "Transferred", "Redirected")
		and settings.clock_of(doc.workflow_state) == settings.CLOCK_CLOSED
	)
	if not decided or doc.notice_sent_on:
		return None
	from xinfang_app.permissions import may_see_identity

	if not may_see_identity():  # notices go out from those who may see who the petitioner is
		return None
	return _(
		"The written notice of the decision has not gone out yet (due {0}): under Notices, email it, or print it and record it as posted or handed over in person."
	).format(frappe.format(doc.notice_due, "Date"))


def tab_of(meta, label: str) -> str | None:
	"""The label of the form tab holding the field shown as ``label`` (translated)."""
	tab = None
	for field in meta.fields:
		if field.fieldtype == "Tab Break":
			tab = field.label
		elif field.label and _(field.label, context=field.parent) == label:
			return tab
	return None


def _candidates(field) -> list:
	if field.fieldtype == "Select":
		return [o for o in (field.options or "").split("\n") if o] or [FILLED]
	if field.fieldtype in ("Int", "Float", "Currency", "Percent"):
		return [1]
	return [FILLED]


def _unique(items) -> list:
	return list(dict.fromkeys(items))
