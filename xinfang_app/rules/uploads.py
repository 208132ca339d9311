"""Is an uploaded file what its extension says? Judged from its first bytes (the format's signature).

A petitioner's scanned letter, a receipt or a medical record has to open for the officer who reads it;
a file called ``缴费单.pdf`` that is really a Windows program, a web page or an empty file is refused at
upload with a message, instead of failing later (Frappe 16 parses every PDF on upload and fails on one
that is not a PDF). Extensions without a known signature are not judged here.
"""

from __future__ import annotations

import io
import os
import zipfile

PDF = ("pdf",)
JPEG = ("jpg", "jpeg")
PNG = ("png",)
GIF = ("gif",)
BMP = ("bmp",)
TIFF = ("tif", "tiff")
WEBP = ("webp",)
OLE = ("doc", "xls", "ppt", "wps", "et")  # Office 97-2003 and WPS: one compound-file container
OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
TEXT = ("txt", "csv")
AUDIO_VIDEO = ("mp3", "wav", "amr", "mp4", "m4a", "mov")

# What a person is told the file should have been.
KIND = {
	**dict.fromkeys(PDF, "PDF"),
	**dict.fromkeys(JPEG, "JPEG"),
	**dict.fromkeys(PNG, "PNG"),
	**dict.fromkeys(GIF, "GIF"),
	**dict.fromkeys(BMP, "BMP"),
	**dict.fromkeys(TIFF, "TIFF"),
	**dict.fromkeys(WEBP, "WebP"),
	"doc": "Word",
	"docx": "Word",
	"xls": "Excel",
	"xlsx": "Excel",
	"ppt": "PowerPoint",
	"pptx": "PowerPoint",
	"wps": "WPS",
	"et": "WPS",
	**dict.fromkeys(TEXT, "text"),
	"mp3": "MP3",
	"wav": "WAV",
	"amr": "AMR",
	"mp4": "MP4",
	"m4a": "M4A",
	"mov": "MOV",
}


def extension(filename: str | None) -> str:
	return os.path.splitext(filename or "")[1].lower().lstrip(".")


def is_judged(filename: str | None) -> bool:
	"""Whether the signature of this kind of file is known here."""
	return extension(filename) in KIND


def expected_kind(filename: str | None) -> str:
	return KIND.get(extension(filename), extension(filename).upper())


def matches_extension(filename: str | None, content: bytes) -> bool:
	"""True when ``content`` looks like the format its file name's extension promises (or the extension
	is not one judged here); False for an empty file or one whose bytes say otherwise."""
	ext = extension(filename)
	if ext not in KIND:
		return True
	if not content:
		return False
	head = content[:1024]
	if ext in PDF:
		# The PDF reference lets readers find the header within the first 1024 bytes.
		return b"%PDF-" in head
	if ext in JPEG:
		return head.startswith(b"\xff\xd8\xff")
	if ext in PNG:
		return head.startswith(b"\x89PNG\r\n\x1a\n")
	if ext in GIF:
		return head[:6] in (b"GIF87a", b"GIF89a")
	if ext in BMP:
		return head.startswith(b"BM") and len(content) > 26
	if ext in TIFF:
		return head[:4] in (b"II*\x00", b"MM\x00*")
	if ext in WEBP:
		return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
	if ext in OLE:
		return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	if ext in OOXML:
		return _is_ooxml(content, OOXML[ext])
	if ext in TEXT:
		return _is_text(content)
	return _is_media(ext, head)


def _is_ooxml(content: bytes, part_folder: str) -> bool:
	"""A .docx/.xlsx/.pptx is a ZIP package holding ``[Content_Types].xml`` and its own part folder."""
	if not content.startswith(b"PK\x03\x04"):
		return False
	try:
		with zipfile.ZipFile(io.BytesIO(content)) as package:
			names = package.namelist()
	except (zipfile.BadZipFile, ValueError, OSError):
		return False
	return "[Content_Types].xml" in names and any(n.startswith(part_folder) for n in names)


def _is_text(content: bytes) -> bool:
	"""Plain text in UTF-8 (with or without BOM) or GB 18030, the encodings Chinese offices write."""
	if b"\x00" in content:
		return False
	for encoding in ("utf-8-sig", "gb18030"):
		try:
			content.decode(encoding)
			return True
		except UnicodeDecodeError:
			continue
	return False


def _is_media(ext: str, head: bytes) -> bool:
	if ext == "mp3":
		return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
	if ext == "wav":
		return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
	if ext == "amr":
		return head.startswith(b"#!AMR")
	# mp4, m4a, mov: ISO base media file, a size then the "ftyp" (QuickTime also "moov", "wide", "mdat")
	return head[4:8] in (b"ftyp", b"moov", b"wide", b"mdat", b"free")
