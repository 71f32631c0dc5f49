"""Helpers for the printed forms (exposed to Jinja through hooks.py ``jinja.methods``).

- Code128 barcode and QR code as SVG data URIs: wkhtmltopdf runs with JavaScript disabled and
  without local file access, so the codes must be inline images (``<img src="data:…">``).
- Vietnamese dates as written on the forms: ``09 giờ 32 phút, ngày 27 tháng 10 năm 2023``.
- The form number and title of each form under the rule set in force (legal-spec §1.2–1.4).
- The centre's heading and public lookup URL from OneStop Settings, with safe fallbacks while the
  settings DocType or one of its fields does not exist yet.
"""

import base64
import io
from datetime import date, datetime

import frappe
from frappe.utils import get_datetime, get_url, getdate, today

RULE_SET_2015 = "QĐ 09/2015"
RULE_SET_2018 = "TT 01/2018"
RULE_SET_2025 = "TT 03/2025"
RULE_SETS = (RULE_SET_2015, RULE_SET_2018, RULE_SET_2025)
DEFAULT_RULE_SET = RULE_SET_2025

LEGAL_BASIS = {
	RULE_SET_2015: "Quyết định số 09/2015/QĐ-TTg",
	RULE_SET_2018: "Thông tư số 01/2018/TT-VPCP",
	RULE_SET_2025: "Phụ lục I Thông tư số 03/2025/TT-VPCP",
}

GUIDANCE_2015 = "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ"
SUPPLEMENT = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
RECEIPT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
REFUSAL = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
CONTROL_SLIP = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
LEDGER = "SỔ THEO DÕI HỒ SƠ"
APOLOGY = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
# legal-spec §1.4: a 2025 provincial rule names the late-dossier letter this way; the exact title
# and its number (Mẫu 04 or 05 of Phụ lục I TT 03/2025) are NOT verified, so no number is printed.
EXTENSION_2025 = "PHIẾU ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
HANDOVER = "PHIẾU BÀN GIAO HỒ SƠ"

# form key → rule set → (number, title); an empty number = no numbered form in that set
FORMS = {
	"guidance": {
		RULE_SET_2015: ("Mẫu 01", GUIDANCE_2015),
		RULE_SET_2018: ("Mẫu 02", SUPPLEMENT),
		RULE_SET_2025: ("Mẫu 02", SUPPLEMENT),
	},
	"ledger": {
		RULE_SET_2015: ("Mẫu 02", LEDGER),
		RULE_SET_2018: ("Mẫu 06", LEDGER),
		RULE_SET_2025: ("Mẫu 07", LEDGER),
	},
	"receipt": {
		RULE_SET_2015: ("Mẫu 03", RECEIPT),
		RULE_SET_2018: ("Mẫu 01", RECEIPT),
		RULE_SET_2025: ("Mẫu 01", RECEIPT),
	},
	"control_slip": {
		RULE_SET_2015: ("Mẫu 04", CONTROL_SLIP),
		RULE_SET_2018: ("Mẫu 05", CONTROL_SLIP),
		RULE_SET_2025: ("Mẫu 06", CONTROL_SLIP),
	},
	"refusal": {
		RULE_SET_2015: ("", REFUSAL),
		RULE_SET_2018: ("Mẫu 03", REFUSAL),
		RULE_SET_2025: ("Mẫu 03", REFUSAL),
	},
	"apology": {
		RULE_SET_2015: ("", APOLOGY),
		RULE_SET_2018: ("Mẫu 04", APOLOGY),
		RULE_SET_2025: ("", EXTENSION_2025),
	},
	"handover": {
		RULE_SET_2015: ("", HANDOVER),
		RULE_SET_2018: ("", HANDOVER),
		RULE_SET_2025: ("", HANDOVER),
	},
}

SETTINGS_DOCTYPE = "OneStop Settings"
DEFAULT_HEADING = {
	"governing_body": "ỦY BAN NHÂN DÂN TỈNH",
	"centre_name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
	"place_name": "",
}

# Stored English option values → the Vietnamese printed on the forms
VN_TEXT = {
	"Working Day": "ngày làm việc",
	"Working Hour": "giờ làm việc",
	"Calendar Day": "ngày",
	"Early": "Trước hạn",
	"On Time": "Đúng hạn",
	"Late": "Quá hạn",
	"Counter": "Tại Bộ phận Một cửa",
	"Post": "Qua dịch vụ bưu chính",
	"Online": "Trực tuyến",
	"Phone": "Điện thoại",
	"SMS": "Tin nhắn SMS",
	"Email": "Thư điện tử",
}


# --- settings -----------------------------------------------------------------------------------


def _settings_value(fieldname: str):
	"""A OneStop Settings value, or None while the DocType or the field does not exist."""
	if not frappe.db.exists("DocType", SETTINGS_DOCTYPE):
		return None
	if not frappe.get_meta(SETTINGS_DOCTYPE).has_field(fieldname):
		return None
	return frappe.get_cached_doc(SETTINGS_DOCTYPE).get(fieldname)


def current_rule_set() -> str:
	value = _settings_value("rule_set")
	return value if value in RULE_SETS else DEFAULT_RULE_SET


def onestop_heading() -> dict:
	"""Left column of the national heading and the place name: governing body, centre, place."""
	heading = frappe._dict(DEFAULT_HEADING)
	for fieldname in ("governing_body", "centre_name", "place_name"):
		value = _settings_value(fieldname)
		if value:
			heading[fieldname] = value
	heading.governing_body = (heading.governing_body or "").upper()
	heading.centre_name = (heading.centre_name or "").upper()
	return heading


def dossier_code(dossier_name: str | None) -> str:
	"""The dossier code to print as "Mã hồ sơ": empty for a dossier not yet received, whose
	provisional name (NHAP-…) is no code (Form 01 guidance, refusal at the counter)."""
	from onestop_center.dossiers.dossier_code import is_provisional

	return "" if not dossier_name or is_provisional(dossier_name) else dossier_name


def lookup_url(dossier_name: str | None = None) -> str:
	"""The public lookup page of a dossier: OneStop Settings ``public_lookup_url`` + ``?code=``."""
	base = _settings_value("public_lookup_url") or get_url("/tra-cuu")
	if not dossier_name:
		return base
	from urllib.parse import quote

	separator = "&" if "?" in base else "?"
	return f"{base}{separator}code={quote(dossier_name, safe='')}"


# --- codes --------------------------------------------------------------------------------------


def _svg_data_uri(svg: bytes | str) -> str:
	if isinstance(svg, str):
		svg = svg.encode()
	return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def barcode_svg(text: str, show_text: bool = True) -> bytes:
	"""A Code128 barcode of ``text`` as SVG (python-barcode's SVG writer, no Pillow)."""
	from barcode import Code128
	from barcode.writer import SVGWriter

	return Code128(str(text), writer=SVGWriter()).render(
		{
			"module_width": 0.25,
			"module_height": 9,
			"quiet_zone": 2,
			"font_size": 7,
			"text_distance": 3,
			"write_text": show_text,
			"compress": False,
		}
	)


def barcode_svg_data_uri(text: str, show_text: bool = True) -> str:
	"""A Code128 barcode of ``text`` as a ``data:image/svg+xml`` URI for ``<img src>``."""
	return _svg_data_uri(barcode_svg(text, show_text))


def qr_svg(text: str, scale: int = 3) -> bytes:
	"""A QR code of ``text`` as SVG (pyqrcode, a Frappe dependency)."""
	import pyqrcode

	stream = io.BytesIO()
	pyqrcode.create(str(text), error="M").svg(
		stream, scale=scale, background="#ffffff", module_color="#000000"
	)
	return stream.getvalue()


def qr_svg_data_uri(text: str, scale: int = 3) -> str:
	"""A QR code of ``text`` as a ``data:image/svg+xml`` URI for ``<img src>``."""
	return _svg_data_uri(qr_svg(text, scale))


def dossier_qr_data_uri(dossier_name: str) -> str:
	"""QR code of the dossier code and its public lookup URL."""
	return qr_svg_data_uri(lookup_url(dossier_name))


# --- Vietnamese dates ---------------------------------------------------------------------------

BLANK = "…"


def _day(value: int) -> str:
	# NĐ 30/2020: days below 10 and the months 1 and 2 take a leading zero
	return f"{value:02d}"


def _month(value: int) -> str:
	return f"{value:02d}" if value < 3 else str(value)


def vn_date_words(value=None) -> str:
	"""``ngày 05 tháng 3 năm 2026`` (dotted blanks when there is no date)."""
	if not value:
		return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
	d = getdate(value)
	return f"ngày {_day(d.day)} tháng {_month(d.month)} năm {d.year}"


def vn_datetime_words(value=None) -> str:
	"""``09 giờ 32 phút, ngày 27 tháng 10 năm 2023`` (dotted blanks when there is no time)."""
	if not value:
		return f"{BLANK} giờ {BLANK} phút, {vn_date_words(None)}"
	if isinstance(value, date) and not isinstance(value, datetime):
		return vn_date_words(value)
	dt = get_datetime(value)
	return f"{dt.hour:02d} giờ {dt.minute:02d} phút, {vn_date_words(dt)}"


def vn_date_line(place: str | None = None, value=None) -> str:
	"""``<Địa danh>, ngày … tháng … năm …``: place from OneStop Settings, date today by default."""
	place = place if place is not None else onestop_heading().place_name
	words = vn_date_words(value or today())
	return f"{place}, {words}" if place else words[0].upper() + words[1:]


def vn_text(value) -> str:
	"""The Vietnamese printed for a stored option value (unit, step result, channel…)."""
	if value is None:
		return ""
	return VN_TEXT.get(value, str(value))


# --- forms --------------------------------------------------------------------------------------


def _form(form_key: str, rule_set_name: str | None):
	if form_key not in FORMS:
		frappe.throw(f"Unknown form {form_key!r}")
	return FORMS[form_key][rule_set_name if rule_set_name in RULE_SETS else current_rule_set()]


def form_number(form_key: str, rule_set_name: str | None = None) -> str:
	"""The form number (``Mẫu 01``…) of a form under the rule set in force; '' if unnumbered.

	Keys: guidance, ledger, receipt, control_slip, refusal, apology, handover.
	"""
	return _form(form_key, rule_set_name)[0]


def form_title(form_key: str, rule_set_name: str | None = None) -> str:
	"""The form's title (upper case) under the rule set in force."""
	return _form(form_key, rule_set_name)[1]


def form_basis(form_key: str, rule_set_name: str | None = None) -> str:
	"""``Mẫu 01 - Phụ lục I Thông tư số 03/2025/TT-VPCP``, or '' for an unnumbered form."""
	rule_set_name = rule_set_name if rule_set_name in RULE_SETS else current_rule_set()
	number = form_number(form_key, rule_set_name)
	return f"{number} - {LEGAL_BASIS[rule_set_name]}" if number else ""
