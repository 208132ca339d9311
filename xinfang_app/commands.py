"""bench commands of xinfang_app."""

import click
from frappe.commands import get_site, pass_context


@click.command("make-xinfang-demo")
@click.option("--per-month", default=40, help="Petitions a month over the last twelve months")
@pass_context
def make_demo(context, per_month):
	"""Fill a demo or training site with a realistic year of petition work (fictitious data)."""
	import frappe

	from xinfang_app.setup.demo import make

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		click.echo(make(per_month=per_month))
	finally:
		frappe.destroy()


@click.command("xinfang-benchmark")
@click.option("--petitions", default=1_000_000, help="Petitions to seed (in bulk) before measuring")
@click.option(
	"--url", default=None, help="Base URL of a running server of this site, for the REST intake figures"
)
@click.option(
	"--lists-only",
	is_flag=True,
	help="After seeding, measure only the daily lists and counts, the sidebar counts and the workspace",
)
@click.option(
	"--assist",
	is_flag=True,
	help="Measure the suggestions (同案同处): quality on the labelled set beside two baselines, then build time, "
	"update, speed and memory with --petitions synthetic concluded petitions (default 100000 here)",
)
@click.option(
	"--filler",
	type=click.Choice(["worded", "collage"]),
	default="worded",
	help="With --assist: the synthetic petitions' kind: about the history's matters in other words (worded), "
	"or put together from the history's own sentences, a stress test of near-copies (collage)",
)
@pass_context
def benchmark(context, petitions, url, lists_only, assist, filler):
	"""Measure xinfang_app at scale on a site of its own (the seeded petitions stay)."""
	import json

	import frappe

	from xinfang_app.setup.benchmark import run

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if assist:
			from xinfang_app.setup import assist_benchmark

			scale = petitions if petitions != 1_000_000 else 100_000
			click.echo(assist_benchmark.print_report(assist_benchmark.run(scale, url, filler)))
			return
		click.echo(json.dumps(run(petitions, url, lists_only), indent=1, ensure_ascii=False, default=str))
	finally:
		frappe.destroy()


commands = [make_demo, benchmark]
