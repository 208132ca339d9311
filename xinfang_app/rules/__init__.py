"""The rules of petition work as plain Python, with no Frappe import.

Everything here is tested without a site (``tests/`` at the repository root). Controllers, the API,
reports and scheduled jobs call into these functions; they never re-implement them.

- ``calendar``: the working calendar (rest days, public holidays, make-up working days).
- ``deadlines``: every statutory time limit and the deadline status.
- ``repeat``: finding a repeat petition (重复信访).
- ``identity``: phone numbers and resident ID numbers; masking for people who may not see them.
- ``confidentiality``: who may see a reporter's identity and who may not read a report at all.
- ``outcomes``: which outcomes fit which matter kind.
"""
