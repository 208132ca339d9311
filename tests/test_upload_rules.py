"""Uploads must be what their extension says (rules/uploads.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from xinfang_app.rules.uploads import expected_kind, is_judged, matches_extension

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = "<html><body>发票</body></html>".encode()


def package(*names: str) -> bytes:
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w") as z:
		for name in names:
			z.writestr(name, "<xml/>")
	return buffer.getvalue()


DOCX = package("[Content_Types].xml", "word/document.xml")
XLSX = package("[Content_Types].xml", "xl/workbook.xml")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.mark.parametrize(
	"name, content",
	[
		("缴费单.pdf", PDF),
		("缴费单.PDF", b"\xef\xbb\xbf" + PDF),  # a few bytes before the header are allowed
		("片子.jpg", JPEG),
		("片子.jpeg", JPEG),
		("截图.png", PNG),
		("动图.gif", b"GIF89a" + b"\x00" * 16),
		("病历.docx", DOCX),
		("清单.xlsx", XLSX),
		("旧病历.doc", OLE),
		("说明.txt", "住院期间护士服务态度差".encode()),
		("说明.txt", "住院期间护士服务态度差".encode("gb18030")),
		("名单.csv", b"name,phone\n"),
		("录音.mp3", b"ID3\x03\x00" + b"\x00" * 16),
		("录音.amr", b"#!AMR\n" + b"\x00" * 16),
		("视频.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16),
		("unknown.xyz", b"anything"),  # not judged here
	],
)
def test_files_that_are_what_they_say_pass(name, content):
	assert matches_extension(name, content)


@pytest.mark.parametrize(
	"name, content",
	[
		("缴费单.pdf", b"this is not a pdf"),
		("缴费单.pdf", EXE),
		("缴费单.pdf", b""),
		("片子.jpg", PNG),
		("片子.jpg", HTML),
		("截图.png", JPEG),
		("病历.docx", b"PK\x03\x04 broken zip"),
		("病历.docx", XLSX),  # a workbook renamed to .docx
		("病历.docx", package("readme.txt")),
		("旧病历.doc", DOCX),
		("说明.txt", EXE),
		("说明.txt", b"\xff\xfe\x00\x00\x81"),
		("录音.mp3", HTML),
	],
)
def test_files_that_are_not_what_they_say_are_refused(name, content):
	assert not matches_extension(name, content)


def test_kinds_are_named_for_the_message():
	assert expected_kind("a.JPEG") == "JPEG"
	assert expected_kind("a.docx") == "Word"
	assert is_judged("a.pdf") and not is_judged("a.xyz") and not is_judged("noextension")
