# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The survey's questions: the 9 indices of TT 01/2018/TT-VPCP by default, editable as records.

Names come from two provincial implementations (research note satisfaction-survey.md §1.1); the
rules in force since 2025 (NĐ 118/2025, TT 03/2025) were not found, so the questions are records an
administrator can reword, disable or add to, not constants. They are created once, on a site that
has none (install or the first migrate after this module shipped).
"""

import frappe

# The three answers and the share of a question's maximum each one gives.
VERY_SATISFIED = "Very Satisfied"
SATISFIED = "Satisfied"
DISSATISFIED = "Dissatisfied"
LEVELS = (VERY_SATISFIED, SATISFIED, DISSATISFIED)

SOURCE = "TT 01/2018/TT-VPCP, Bộ chỉ số đánh giá việc giải quyết TTHC"

DEFAULT_QUESTIONS = (
	("TT01-1", "Thời gian giải quyết", "Tổng thời gian giải quyết thủ tục hành chính so với thời gian cho phép theo quy định"),
	(
		"TT01-2",
		"Thời gian từng cơ quan",
		"Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết (kể cả đơn vị phối hợp) so với quy định",
	),
	(
		"TT01-3",
		"Số lần liên hệ",
		"Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ (kể cả trực tuyến)",
	),
	(
		"TT01-4",
		"Số cơ quan phải liên hệ",
		"Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ (kể cả trực tuyến)",
	),
	(
		"TT01-5",
		"Tiếp nhận, trả kết quả tại Bộ phận Một cửa",
		"Việc tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
	),
	("TT01-6", "Công khai thủ tục", "Việc công khai các thủ tục hành chính"),
	(
		"TT01-7",
		"Thái độ của cán bộ",
		"Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ và giải quyết thủ tục hành chính",
	),
	(
		"TT01-8",
		"Tiếp thu, giải trình phản ánh",
		"Việc tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị của tổ chức, cá nhân",
	),
	(
		"TT01-9",
		"Dịch vụ công trực tuyến",
		"Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền",
	),
)


def ensure_default_questions() -> int:
	"""Create the default questions on a site that has no question at all. Returns how many."""
	if frappe.db.count("Survey Question"):
		return 0
	for order, (code, label, question) in enumerate(DEFAULT_QUESTIONS, start=1):
		frappe.get_doc(
			{
				"doctype": "Survey Question",
				"code": code,
				"short_label": label,
				"question": question,
				"sort_order": order,
				"max_points": 2,
				"enabled": 1,
				"source": SOURCE,
			}
		).insert(ignore_permissions=True)
	return len(DEFAULT_QUESTIONS)


def active_questions() -> list[dict]:
	"""The enabled questions in their order: code, question, short_label, max_points."""
	return frappe.get_all(
		"Survey Question",
		filters={"enabled": 1},
		fields=["name as code", "question", "short_label", "max_points"],
		order_by="sort_order asc, name asc",
	)


def points_for(level: str, max_points: int) -> int:
	"""Points of an answer: the maximum for Very Satisfied, half of it for Satisfied, none else."""
	max_points = max(int(max_points or 0), 0)
	if level == VERY_SATISFIED:
		return max_points
	if level == SATISFIED:
		return max_points // 2
	return 0
