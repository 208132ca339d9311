"""How much text a field holds.

MariaDB's ``text`` column (Frappe's Small Text and Text) holds 65,535 bytes; UTF-8 takes three bytes for
a Chinese character, so such a field holds 21,845 Chinese characters (more if part of it is ASCII).
Frappe checks its ``varchar`` fields itself; this is the check for the ``text`` ones, which otherwise
fail in the database with a server error.
"""

from __future__ import annotations

TEXT_COLUMN_BYTES = 65_535
CHINESE_CHARACTERS_IN_TEXT = TEXT_COLUMN_BYTES // 3


def fits_text_column(value: str | None) -> bool:
	return len((value or "").encode("utf-8")) <= TEXT_COLUMN_BYTES
