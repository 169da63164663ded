"""Numbers that name things rather than count them: standards, models, grades, titles."""
from __future__ import annotations

import re

IDENTIFIERS = re.compile(
    "|".join([
        r"\b(?:ISO|IEC|IATF|GB|GB/T|YY|YY/T|EN|ASTM|SOC|AS|BS|OHSAS|CMMI|GMP|GSP|PCI|DSS|ITSS)[\s/-]*\d[\d.:\-/]*",
        r"\b(?![QqHh][1-4]\b|FY|fy)[A-Za-z]+[-_]?\d+[A-Za-z0-9.]*\b",  # P5, v3, B2B, 8D
        r"\b\d+[A-Za-z]+\b(?!\s*%)",             # 5G, 3D, 8D
        r"\d+\s*(?:类|级|期|号线|号|代|版|楼|层|区|栋)(?!\s*以上|\s*及以上)",
        r"第\s*\d+\s*(?:阶段|轮|次|批|期|类)",
        r"\btype\s+(?:i{1,3}|\d)\b|\bclass\s+(?:i{1,3}[ab]?|\d[ab]?)\b|\bstage\s+\d\b|\bphase\s+\d\b|\btier\s+\d\b",
        r"[《<].*?[》>]",
    ]), re.I)
