"""Everything a person reads is translated into Chinese: labels, options, descriptions, workflow
states and actions, print format names and every message in the code."""

import ast
import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "xinfang_app"


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
				yield node.args[0].value
	for path in APP.glob("www/**/*.html"):
		text = path.read_text(encoding="utf-8")
		yield from re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', text)
		yield from re.findall(r"_\(\s*'((?:[^'\\]|\\.)*)'\s*\)", text)
	for path in APP.glob("**/*.js"):
		yield from re.findall(r'__\(\s*"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8"))


def test_every_doctype_string_is_translated():
	plain, contextual = translations()
	missing = sorted(
		{(text, dt) for text, dt in doctype_strings() if text not in plain and (text, dt) not in contextual}
	)
	assert not missing, missing


def test_every_message_in_code_is_translated():
	plain, contextual = translations()
	contexts = {text for text, _ in contextual}
	missing = sorted({text for text in code_strings() if text not in plain and text not in contexts})
	assert not missing, missing


def test_workflow_and_print_formats_are_translated():
	plain, _ = translations()
	workflow = json.loads(
		(APP / "xinfang" / "workflow" / "petition_workflow.json").read_text(encoding="utf-8")
	)
	names = [s["state"] for s in workflow["states"]] + [t["action"] for t in workflow["transitions"]]
	names += [json.loads(p.read_text(encoding="utf-8"))["name"] for p in APP.glob("**/print_format/*/*.json")]
	assert not [n for n in names if n not in plain]


def test_common_frappe_words_are_not_redefined_globally():
	"""A global entry would change Frappe's own screens: 'Report' must stay 报表 outside a petition."""
	plain, _ = translations()
	assert not plain & {"Report", "Open", "Closed", "Start", "Review", "Name", "Address", "Online", "Return"}
