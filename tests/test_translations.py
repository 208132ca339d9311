"""Everything a person reads is translated into Chinese: labels, options, descriptions, workflow
states and actions, print format names and every message in the code."""

import ast
import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "xinfang_app"
CJK = re.compile(r"[\u4e00-\u9fff]")


def translations() -> tuple[set[str], set[tuple[str, str]]]:
	plain, contextual = set(), set()
	with open(APP / "translations" / "zh.csv", encoding="utf-8") as fh:
		for row in csv.reader(fh):
			assert len(row) in (2, 3) and row[1].strip(), row
			if len(row) == 3:
				contextual.add((row[0], row[2]))
			else:
				plain.add(row[0])
	return plain, contextual


def doctype_strings():
	for path in APP.glob("**/doctype/*/*.json"):
		meta = json.loads(path.read_text(encoding="utf-8"))
		yield meta["name"], meta["name"]
		for field in meta["fields"]:
			for text in (field.get("label"), field.get("description")):
				if text:
					yield text, meta["name"]
			if field["fieldtype"] == "Select":
				for option in (field.get("options") or "").split("\n"):
					if option:
						yield option, meta["name"]


def code_strings():
	"""(message, context) of every ``_()`` in Python and templates and ``__()`` in JavaScript."""
	for path in APP.glob("**/*.py"):
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.Call)
				and getattr(node.func, "id", None) == "_"
				and node.args
				and isinstance(node.args[0], ast.Constant)
			):
				context = next(
					(
						k.value.value
						for k in node.keywords
						if k.arg == "context" and isinstance(k.value, ast.Constant)
					),
					None,
				)
				yield node.args[0].value, context
	for path in APP.glob("www/**/*.html"):
		text = path.read_text(encoding="utf-8")
		for quote in ('"', "'"):
			pattern = rf"_\(\s*{quote}((?:[^{quote}\\]|\\.)*){quote}\s*(?:,\s*context\s*=\s*[\"']([^\"']*)[\"'])?\s*\)"
			yield from ((m.group(1), m.group(2)) for m in re.finditer(pattern, text))
	for path in APP.glob("**/*.js"):
		pattern = r'__\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*(?:null|\[[^\]]*\])\s*,\s*"([^"]*)")?'
		yield from ((m.group(1), m.group(2)) for m in re.finditer(pattern, path.read_text(encoding="utf-8")))
	from xinfang_app.rules.kpi import KPIS

	for kpi in KPIS:
		yield kpi.label, None
		yield kpi.definition, None


def test_every_doctype_string_is_translated():
	plain, contextual = translations()
	missing = sorted(
		{(text, dt) for text, dt in doctype_strings() if text not in plain and (text, dt) not in contextual}
	)
	assert not missing, missing


def test_every_message_in_code_is_translated():
	plain, contextual = translations()
	missing = sorted(
		{
			(text, context)
			for text, context in code_strings()
			if text not in plain and (text, context) not in contextual
		}
	)
	assert not missing, missing


def test_workflow_and_print_formats_are_translated():
	plain, _ = translations()
	workflow = json.loads(
		(APP / "xinfang" / "workflow" / "petition_workflow.json").read_text(encoding="utf-8")
	)
	names = [s["state"] for s in workflow["states"]] + [t["action"] for t in workflow["transitions"]]
	for kind in ("print_format", "report", "number_card", "dashboard_chart", "workspace"):
		names += [json.loads(p.read_text(encoding="utf-8"))["name"] for p in APP.glob(f"**/{kind}/*/*.json")]
	for path in APP.glob("**/workspace/*/*.json"):
		workspace = json.loads(path.read_text(encoding="utf-8"))
		names += [row["label"] for row in workspace["links"] + workspace["shortcuts"]]
	generic = {"Statistics", "Settings", "Mediation"}  # Frappe's own words, or translated elsewhere
	# A name in Chinese already (the print formats: the print picker searches their names) needs none.
	assert not sorted({n for n in names if n not in plain and n not in generic and not CJK.search(n)})


def test_table_and_tab_labels_have_a_global_translation():
	"""Frappe shows a table's heading and a tab's label without the DocType as context."""
	plain, _ = translations()
	missing = []
	for path in APP.glob("**/doctype/*/*.json"):
		meta = json.loads(path.read_text(encoding="utf-8"))
		for field in meta["fields"]:
			if field["fieldtype"] in ("Table", "Table MultiSelect", "Tab Break") and field.get("label"):
				if field["label"] not in plain:
					missing.append((meta["name"], field["label"]))
	assert not missing, missing


def test_common_frappe_words_are_not_redefined_globally():
	"""A global entry would change Frappe's own screens: 'Report' must stay 报表 outside a petition."""
	plain, _ = translations()
	assert not plain & {"Report", "Open", "Closed", "Start", "Review", "Name", "Address", "Online", "Return"}


def test_descriptions_have_a_translation_without_context():
	"""A form shows a field's help as __(description), with no DocType as context: a row with context
	alone leaves it in English ("The petitioner asked not to be told by SMS.")."""
	plain, _ = translations()
	missing = sorted(
		{
			(field["description"], meta["name"])
			for meta in doctype_metas()
			for field in meta["fields"]
			if field.get("description") and field["description"] not in plain
		}
	)
	assert not missing, missing


def test_every_label_and_option_has_a_translation():
	"""Every label and Select option of every DocType, with its DocType as context or without."""
	plain, contextual = translations()
	missing = sorted(
		{
			(text, meta["name"])
			for meta in doctype_metas()
			for field in meta["fields"]
			for text in [field.get("label")]
			+ ((field.get("options") or "").split("\n") if field["fieldtype"] == "Select" else [])
			if text and text not in plain and (text, meta["name"]) not in contextual and not CJK.search(text)
		}
	)
	assert not missing, missing


def test_print_formats_print_chinese():
	"""What a print format prints besides its Jinja expressions is Chinese: no English word."""
	for path in APP.glob("**/print_format/*/*.json"):
		html = json.loads(path.read_text(encoding="utf-8"))["html"]
		text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", html, flags=re.S)
		text = re.sub(r"<style.*?</style>|<[^>]+>|&[a-z]+;", " ", text, flags=re.S)
		assert not re.findall(r"[A-Za-z]{2,}", text), (path.name, re.findall(r"[A-Za-z]{2,}", text))
		assert CJK.search(text), path.name


def doctype_metas():
	for path in APP.glob("**/doctype/*/*.json"):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") == "DocType":
			yield meta
