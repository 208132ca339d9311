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


commands = [make_demo]
