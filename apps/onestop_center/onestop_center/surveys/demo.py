# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Demo feedback (called by demo/loader.py): a question answered and published on /hoi-dap, a
feedback waiting at one department, a recommendation at another, one not assigned yet.
Idempotent: a subject already present is not filed again."""

import frappe

# (demo agency key from staff.json, kind, subject, content, answer, published question)
DEMO_FEEDBACK = (
	(
		"STP",
		"Question",
		"Lệ phí chứng thực bản sao",
		"Cho tôi hỏi lệ phí chứng thực bản sao từ bản chính là bao nhiêu? Tôi ở phường 7, số điện thoại 0903111222.",
		"Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
		"Lệ phí chứng thực bản sao từ bản chính là bao nhiêu?",
	),
	("STP", "Feedback", "Thời gian chờ tại quầy tư pháp", "Sáng thứ Hai tôi phải chờ hơn một giờ tại quầy Sở Tư pháp.", None, None),
	("SGTVT", "Recommendation", "Niêm yết mẫu tờ khai đổi giấy phép lái xe", "Đề nghị niêm yết mẫu tờ khai đổi giấy phép lái xe tại quầy.", None, None),
	(None, "Question", "Nộp hồ sơ trực tuyến", "Thủ tục nào có thể nộp trực tuyến toàn trình?", None, None),
)


def agency_of(agency_key: str | None, agencies: dict[str, str]) -> str | None:
	return agencies.get(agency_key) if agency_key else None


def load_feedback(agencies: dict[str, str]) -> int:
	"""File the demo feedback that is missing. Returns how many were filed."""
	filed = 0
	for agency_key, kind, subject, content, answer, public_question in DEMO_FEEDBACK:
		if frappe.db.exists("Citizen Feedback", {"subject": subject}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Citizen Feedback",
				"kind": kind,
				"subject": subject,
				"content": content,
				"sender_name": "Trần Thị Mẫu",
				"sender_phone": "0903111222",
				"channel": "Portal",
				"agency": agency_of(agency_key, agencies),
			}
		)
		doc.insert(ignore_permissions=True)
		if answer:
			doc.update({"answer": answer, "public_question": public_question, "published": 1})
			doc.save(ignore_permissions=True)
		filed += 1
	return filed
