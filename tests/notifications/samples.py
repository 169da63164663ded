"""The data the notification core hands to ``compose``, one realistic example per kind."""
from __future__ import annotations

BASE_URL = "https://okr.example.com/"

SAMPLES = {
    "checkin_reminder": {
        "person": "林晓", "cycle": "2026-Q4", "path": "/my",
        "krs": [
            {"title": "提交第二类注册申报资料", "objective": "取得便携式监护仪注册证", "progress": 0.45,
             "last_check_in": "2026-11-20", "path": "/objectives/12"},
            {"title": "完成 3 项型式检验", "objective": "取得便携式监护仪注册证", "progress": 0.0,
             "last_check_in": None, "path": "/objectives/12"},
            {"title": "Close all <CAPA> items", "objective": "ISO 13485 surveillance audit", "progress": None,
             "last_check_in": None, "path": "/objectives/15"},
        ],
    },
    "at_risk": {
        "objective": "取得便携式监护仪注册证", "owner": "林晓", "unit": "注册部", "progress": 0.3, "expected": 0.62,
        "reasons": ["low_confidence", "behind_schedule"], "path": "/objectives/12", "objective_id": 12,
    },
    "back_on_track": {
        "objective": "取得便携式监护仪注册证", "owner": "林晓", "unit": "注册部", "progress": 0.7, "expected": 0.66,
        "reasons": [], "path": "/objectives/12", "objective_id": 12,
    },
    "review_requested": {
        "objective": "ISO 13485 监督审核零不符合项", "owner": "王敏", "requested_by": "王敏", "unit": "质量部",
        "path": "/objectives/15", "objective_id": 15,
    },
    "review_decided": {
        "objective": "ISO 13485 监督审核零不符合项", "decision": "returned", "decided_by": "周总",
        "comment": "关键结果 2 不可衡量,请写明数量。", "path": "/objectives/15", "objective_id": 15,
    },
    "certificate_expiry": {
        "certificate": "便携式监护仪注册证", "number": "浙械注准20262070001", "holder": "华康医疗器械有限公司",
        "expires_on": "2026-12-28", "days_left": 29, "path": "/qualifications/certificates/7",
    },
    "response_due": {
        "application": "便携式监护仪延续注册", "certificate": "便携式监护仪注册证",
        "feedback": "请补充电磁兼容检测报告(YY 9706.102)", "due_on": "2026-12-02", "days_left": 3,
        "path": "/qualifications/applications/3",
    },
}
