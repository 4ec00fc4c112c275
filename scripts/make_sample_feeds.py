#!/usr/bin/env python3
"""(Re)generate danso's committed sample feeds.

    python3 scripts/make_sample_feeds.py

Writes, under sample-feeds/:

  a0_25489_tan_lap_2023-12-31.csv    UTF-8, comma, LF, machine-name headers
  a0_25519_tan_ha_2023-12-31.csv     Windows-1258, semicolon, CRLF, Vietnamese labels
  a0_25555_suoi_da_2023-12-31.csv    TCVN3 (TCVN 5712:1993), tab, CRLF, UPPERCASE folded labels
  a0_25489_tan_lap_2024-06-30.csv    UTF-16LE with BOM, tab, CRLF, Vietnamese labels
  bad/*.csv                          one small file per check of feeds.md §6
  expected_counts.json, README.md    figures computed here, independently of the warehouse

Standard library only, fixed seeds: running it twice gives byte-identical files. TCVN3 is
not a Python codec, so it goes through `/usr/bin/iconv -t TCVN5712-1`; every encoded file
is decoded again and compared (NFC) with the text that was meant, and every good file is
re-read from its bytes and checked against the rules of feeds.md §6 (it must give no
finding at all), which is also where the expected figures come from.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample-feeds"
BAD = OUT / "bad"
REFERENCE_DIRS = [OUT / "reference", ROOT.parent / "shared" / "reference", Path("/work/shared/reference")]
ICONV = "/usr/bin/iconv"

SEED = 20231231
CHOT_2023 = dt.date(2023, 12, 31)
CHOT_2024 = dt.date(2024, 6, 30)

# --------------------------------------------------------------------------- contract

COLS = [
    "ngay_chot", "ma_tinh", "ma_huyen", "ma_xa", "dia_ban", "ma_ctv", "ma_ho", "dia_chi",
    "stt", "so_dinh_danh", "so_the_bhyt", "ho_ten", "quan_he_chu_ho", "gioi_tinh",
    "ngay_sinh", "dan_toc", "trinh_do_hoc_van", "tinh_trang_hon_nhan",
    "tinh_trang_cu_tru", "bptt", "ngay_cap_nhat",
]
LABELS = {
    "ngay_chot": "Ngày chốt sổ", "ma_tinh": "Mã tỉnh", "ma_huyen": "Mã huyện",
    "ma_xa": "Mã xã", "dia_ban": "Địa bàn", "ma_ctv": "Mã CTV", "ma_ho": "Mã hộ",
    "dia_chi": "Địa chỉ", "stt": "STT thành viên", "so_dinh_danh": "Số định danh cá nhân",
    "so_the_bhyt": "Số thẻ BHYT", "ho_ten": "Họ và tên", "quan_he_chu_ho": "Quan hệ với chủ hộ",
    "gioi_tinh": "Giới tính", "ngay_sinh": "Ngày sinh", "dan_toc": "Dân tộc",
    "trinh_do_hoc_van": "Trình độ học vấn", "tinh_trang_hon_nhan": "Tình trạng hôn nhân",
    "tinh_trang_cu_tru": "Tình trạng cư trú", "bptt": "Biện pháp tránh thai",
    "ngay_cap_nhat": "Ngày cập nhật",
}
REQUIRED = ["ngay_chot", "ma_xa", "dia_ban", "ma_ho", "stt", "ho_ten", "quan_he_chu_ho",
            "gioi_tinh", "ngay_sinh", "dan_toc", "tinh_trang_cu_tru"]
SEX = {"1": "Nam", "2": "Nữ"}
REL = {"1": "Chủ hộ", "2": "Vợ/chồng", "3": "Con", "4": "Cháu", "5": "Bố/mẹ", "6": "Ông/bà",
       "7": "Anh/chị/em", "8": "Con dâu/con rể", "9": "Khác"}
MAR = {"1": "Chưa kết hôn", "2": "Có vợ/chồng", "3": "Góa", "4": "Ly hôn", "5": "Ly thân"}
RES = {"1": "Thường trú", "2": "Tạm trú", "3": "Vắng mặt dài hạn"}
EDU = {"0": "Chưa đi học", "1": "Chưa tốt nghiệp tiểu học", "2": "Tiểu học",
       "3": "Trung học cơ sở", "4": "Trung học phổ thông", "5": "Trung cấp", "6": "Cao đẳng",
       "7": "Đại học", "8": "Trên đại học"}
BPTT = {"0": "Không sử dụng", "1": "Dụng cụ tử cung (vòng)", "2": "Triệt sản nữ",
        "3": "Triệt sản nam", "4": "Thuốc cấy", "5": "Thuốc tiêm", "6": "Thuốc uống",
        "7": "Bao cao su", "8": "Biện pháp khác/truyền thống"}


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), single spaces."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.lower().split())


def header_key(text: str) -> str:
    return re.sub(r"[\s._]", "", fold(text))


def find_reference(name: str) -> Path:
    for d in REFERENCE_DIRS:
        if (d / name).exists():
            return d / name
    sys.exit(f"reference file {name} not found in {REFERENCE_DIRS}")


def load_reference():
    units = {}
    with open(find_reference("admin_units_legacy.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            units[r["commune_code"]] = r
    ethnic = {}
    with open(find_reference("ethnic_groups.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            ethnic[r["code"]] = r["name"]
    return units, ethnic


UNITS, ETHNIC = load_reference()

# --------------------------------------------------------------------------- dates


@dataclass
class BDate:
    """A possibly partial date (feeds.md §1)."""
    y: int
    m: Optional[int] = None
    d: Optional[int] = None

    @staticmethod
    def of(day: dt.date) -> "BDate":
        return BDate(day.year, day.month, day.day)

    def ref(self) -> dt.date:
        """Day used for ages: missing day = 15th, missing month = 1 July."""
        if self.m is None:
            return dt.date(self.y, 7, 1)
        return dt.date(self.y, self.m, self.d if self.d is not None else 15)

    def earliest(self) -> dt.date:
        return dt.date(self.y, self.m or 1, self.d or 1)

    def text(self, style: str = "dmy") -> str:
        if self.m is None:
            return f"{self.y}"
        if self.d is None:
            return f"{self.m:02d}/{self.y}"
        if style == "dmy_short":
            return f"{self.d}/{self.m}/{self.y}"
        if style == "iso":
            return f"{self.y}-{self.m:02d}-{self.d:02d}"
        if style == "dmy_dash":
            return f"{self.d:02d}-{self.m:02d}-{self.y}"
        return f"{self.d:02d}/{self.m:02d}/{self.y}"


def parse_date(text: str, allow_partial: bool) -> Optional[BDate]:
    """Reader used by the checks below (independent of the writer's formats)."""
    t = text.strip()
    m = re.fullmatch(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})", t)
    try:
        if m:
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            dt.date(y, mo, d)
            return BDate(y, mo, d)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            dt.date(y, mo, d)
            return BDate(y, mo, d)
    except ValueError:
        return None
    if allow_partial:
        m = re.fullmatch(r"(\d{1,2})[/-](\d{4})", t)
        if m and 1 <= int(m.group(1)) <= 12:
            return BDate(int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})", t)
        if m:
            return BDate(int(m.group(1)))
    return None


def age_at(b: BDate, at: dt.date) -> int:
    r = b.ref()
    return at.year - r.year - ((at.month, at.day) < (r.month, r.day))


def add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February
        return day.replace(year=day.year + n, day=28)


def rand_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi < lo:
        hi = lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# --------------------------------------------------------------------------- names

def wchoice(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


KINH_FAMILY = [("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 5),
               ("Phan", 4), ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
               ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đoàn", 1), ("Lâm", 1), ("Mai", 1),
               ("Tô", 1), ("Cao", 1), ("Châu", 1), ("Lương", 1), ("Đinh", 1), ("Trịnh", 1),
               ("Thái", 1), ("La", 1)]
KINH_MALE_OLD = ["Hùng", "Dũng", "Hải", "Sơn", "Phúc", "Tài", "Lộc", "Thắng", "Bình", "Cường",
                 "Hòa", "Tâm", "Nam", "Long", "Trung", "Hiếu", "Nghĩa", "Phong", "Thành",
                 "Toàn", "Vinh", "Quang", "Hậu", "Thịnh", "Lợi", "Tuấn", "Mến", "Sang", "Tùng",
                 "Hưng", "Định", "Đức", "Kiên", "Trí", "Tín", "Nhân", "Phước", "Tấn", "Lực",
                 "Cảnh", "Ba", "Tư", "Sáu", "Bảy", "Tám", "Mười", "Rạng", "Chiến", "Thuận"]
KINH_MALE_YOUNG = ["Khang", "Phúc", "Khôi", "Bảo", "Huy", "Kiệt", "Nam", "Khoa", "Quân", "Minh",
                   "Đạt", "Duy", "Thịnh", "Tín", "Hào", "Lâm", "Phát", "Hiếu", "Nhân", "Vinh",
                   "An", "Tú", "Thái", "Trí", "Lộc", "Nguyên", "Khải", "Hưng"]
KINH_MALE_MID_OLD = [("Văn", 12), ("Minh", 2), ("Hữu", 2), ("Thanh", 2), ("Công", 1),
                     ("Quốc", 1), ("Ngọc", 1), ("Tấn", 1), ("Hoàng", 1), ("Đức", 1)]
KINH_MALE_MID_YOUNG = [("Văn", 4), ("Minh", 3), ("Hoàng", 2), ("Gia", 2), ("Quốc", 2),
                       ("Thành", 1), ("Anh", 1), ("Đức", 1), ("Nhật", 2), ("Trung", 1),
                       ("Bảo", 1), ("Tấn", 1), ("Thanh", 1), ("Đăng", 1), ("Hữu", 1),
                       ("Phúc", 1)]
KINH_FEMALE_OLD = ["Lan", "Hoa", "Hồng", "Mai", "Hạnh", "Hương", "Nga", "Thủy", "Tuyết", "Liên",
                   "Loan", "Phượng", "Dung", "Yến", "Nhung", "Thảo", "Hằng", "Thúy", "Bích",
                   "Kiều", "Ánh", "Xuân", "Cúc", "Lệ", "Lài", "Sen", "Đào", "Năm", "Sáu",
                   "Bảy", "Tư", "Mười", "Hai", "Thắm", "Gấm", "Nguyệt", "Huệ", "Ngọc"]
KINH_FEMALE_YOUNG = ["Trang", "Linh", "Vy", "Ngân", "Hân", "Như", "Nhi", "Anh", "Tiên", "Diễm",
                     "Trinh", "Quyên", "Oanh", "Thư", "My", "Uyên", "Ngọc", "Hà", "Vân", "Trâm",
                     "Thảo", "Yến", "Nhung", "Khánh Linh", "Bảo Ngọc", "Gia Hân", "Tường Vy",
                     "Phương Anh", "Kim Ngân", "Huyền", "Duyên", "Giang", "Loan", "Tâm"]
KINH_FEMALE_MID_OLD = [("Thị", 14), ("Ngọc", 1), ("Kim", 1), ("Thanh", 1), ("Hồng", 1)]
KINH_FEMALE_MID_YOUNG = [("Thị", 7), ("Ngọc", 2), ("Thanh", 1), ("Kim", 1), ("Bảo", 1),
                         ("Mỹ", 1), ("Thu", 1), ("Hồng", 1), ("Phương", 1), ("Thùy", 1),
                         ("Như", 1), ("Cẩm", 1), ("Huỳnh", 1)]

KHMER_FAMILY = [("Thạch", 4), ("Sơn", 3), ("Danh", 2), ("Kim", 2), ("Lâm", 1), ("Chau", 2)]
KHMER_MALE = ["Sa Rinh", "Sóc", "Sà Phal", "Sa Ra", "Ty", "Sô Khom", "Chanh Đa", "Rươn", "Phon",
              "Sa Rên", "Sa Vong", "Thol", "Sa Mol", "Kha", "Pho Ny"]
KHMER_FEMALE = ["Sa Rươne", "Sô Phia", "Sa Ly", "Chanh Thy", "Thi Đa", "Sa Phon", "Sô Khê",
                "Mây", "Sa Vanh", "Srey Mom", "Sa Ranh", "Sô Phanh", "Sóc Kha"]
HOA_FAMILY = [("Lâm", 3), ("Quách", 2), ("Lý", 2), ("Trương", 2), ("Lưu", 2), ("Mã", 1),
              ("Hứa", 1), ("Tăng", 1), ("Diệp", 1), ("Châu", 1)]
HOA_MALE_MID = ["Chí", "Kiến", "Vĩnh", "Gia", "Quốc", "Tuấn", "Chấn"]
HOA_MALE = ["Cường", "Minh", "Hào", "Phát", "Thành", "Vinh", "Hưng", "Kiệt", "Quang", "Huy",
            "Lương", "Tài"]
HOA_FEMALE_MID = ["Thị", "Mỹ", "Ngọc", "Tú", "Lệ", "Huệ", "Bội"]
HOA_FEMALE = ["Lan", "Phụng", "Linh", "Mẫn", "Quyên", "Hoa", "Trân", "Nghi", "Bình", "Mai",
              "Xuân", "Như"]
CHAM_FAMILY = [("Mã", 2), ("Sa", 1), ("Hà", 1), ("Ly", 1), ("Từ", 1)]
CHAM_MALE = ["Mohamad", "Ysa", "Abdul Ra Man", "Sa Lêh", "I Bra Him", "Os Man", "Ha Ly",
             "Mu Sa", "Ka Rim"]
CHAM_FEMALE = ["Ma Ry Dah", "Sa Ly Mah", "Ro Ky Dah", "Fa Ti Mah", "Ha Vy Dah", "Ma Ry Am",
               "Sa Phi Ah", "Ai Sah"]


def family_name(rng, eth: str) -> str:
    return wchoice(rng, {"01": KINH_FAMILY, "05": KHMER_FAMILY, "06": HOA_FAMILY,
                         "14": CHAM_FAMILY}[eth])


def full_name(rng, eth: str, sex: str, year: int, family: str) -> str:
    young = year >= 1992
    if eth == "05":
        if sex == "1":
            return f"{family} {rng.choice(KHMER_MALE)}"
        mid = "Thị " if rng.random() < 0.6 else ""
        return f"{family} {mid}{rng.choice(KHMER_FEMALE)}"
    if eth == "06":
        if sex == "1":
            return f"{family} {rng.choice(HOA_MALE_MID)} {rng.choice(HOA_MALE)}"
        return f"{family} {rng.choice(HOA_FEMALE_MID)} {rng.choice(HOA_FEMALE)}"
    if eth == "14":
        return f"{family} {rng.choice(CHAM_MALE if sex == '1' else CHAM_FEMALE)}"
    if sex == "1":
        if young:
            mid = wchoice(rng, KINH_MALE_MID_YOUNG)
            if mid != "Văn" and rng.random() < 0.3:
                mid += " " + rng.choice(["Gia", "Minh", "Bảo", "Anh", "Đăng", "Thiên"])
            return f"{family} {mid} {rng.choice(KINH_MALE_YOUNG)}"
        return f"{family} {wchoice(rng, KINH_MALE_MID_OLD)} {rng.choice(KINH_MALE_OLD)}"
    if young:
        given = rng.choice(KINH_FEMALE_YOUNG)
        if " " in given:
            return f"{family} {given}" if rng.random() < 0.5 else f"{family} Thị {given.split()[1]}"
        return f"{family} {wchoice(rng, KINH_FEMALE_MID_YOUNG)} {given}"
    return f"{family} {wchoice(rng, KINH_FEMALE_MID_OLD)} {rng.choice(KINH_FEMALE_OLD)}"


# --------------------------------------------------------------------------- the register model


@dataclass
class Person:
    stt: int
    family: str
    name: str
    rel: str
    sex: str
    born: BDate
    born_style: str
    eth: str
    edu: str = ""
    mar: str = ""
    res: str = "1"
    bptt: str = ""
    sdd: str = ""
    bhyt: str = ""
    upd: Optional[dt.date] = None


@dataclass
class Household:
    area: int
    ma_ho: str
    ctv: str
    address: str
    kind: str
    members: list = field(default_factory=list)
    couples: list = field(default_factory=list)  # (father stt, mother stt, child relationship)


@dataclass
class Commune:
    code: str
    slug: str
    prefix: str
    hamlets: list
    households_per_area: list
    eth_weights: list
    date_styles: list
    forced_eth: dict = field(default_factory=dict)   # household index -> ethnicity
    fully_absent: int = 0                           # households whose members are all away
    tcvn_safe: bool = False


COMMUNES = [
    Commune("25489", "tan_lap", "TL", ["Ấp Tân Hòa", "Ấp Tân Thanh", "Ấp Tân Khai", "Ấp Tân Đông"],
            [15, 13, 14, 14], [("01", 90), ("05", 7), ("06", 3), ("14", 0)],
            [("dmy", 86), ("dmy_short", 7), ("iso", 7)], {5: "05", 20: "06", 33: "05"}, 1),
    Commune("25519", "tan_ha", "TH", ["Ấp Tân Trung", "Ấp Tân Thuận", "Ấp Tân Kiên"],
            [17, 16, 15], [("01", 84), ("05", 8), ("06", 3), ("14", 5)],
            [("dmy", 90), ("dmy_short", 5), ("iso", 5)], {3: "14", 12: "05", 25: "14", 40: "06"}, 0),
    Commune("25555", "suoi_da", "SD", ["Ấp Phước Hội", "Ấp Phước Bình A", "Ấp Phước Bình B",
                                       "Ấp Phước Lợi 1", "Ấp Khởi Hà"],
            [13, 12, 13, 12, 13], [("01", 89), ("05", 5), ("06", 6), ("14", 0)],
            [("dmy", 88), ("dmy_short", 4), ("iso", 4), ("dmy_dash", 4)], {7: "06", 30: "05", 51: "06"}, 1,
            tcvn_safe=True),
]

# bytes 0x01-0x17 of TCVN 5712:1993 (the VN1 capitals) would look like control characters
TCVN_UNSAFE = set("ÚỤỪỨỬỮỰỲÝỶỸỴ")


class Builder:
    def __init__(self, commune: Commune, serials: "SerialPool"):
        self.c = commune
        self.rng = random.Random(SEED * 100003 + int(commune.code))
        self.serials = serials

    # -- people
    def date_style(self) -> str:
        return wchoice(self.rng, self.c.date_styles)

    def person(self, hh: Household, rel: str, sex: str, born: dt.date, eth: str,
               family: Optional[str] = None) -> Person:
        rng = self.rng
        family = family or family_name(rng, eth)
        for _ in range(50):
            name = full_name(rng, eth, sex, born.year, family)
            if not (self.c.tcvn_safe and TCVN_UNSAFE & set(name)):
                break
        bd = BDate.of(born)
        if born.year <= 1946 and rng.random() < 0.55:
            bd = BDate(born.year) if rng.random() < 0.5 else BDate(born.year, born.month)
        p = Person(len(hh.members) + 1, family, name, rel, sex, bd, self.date_style(), eth)
        hh.members.append(p)
        return p

    def children(self, hh, father_born, mother_born, father_family, eth, rel, n,
                 father_stt=None, mother_stt=None, earliest=None):
        """Up to n children at least 20 years after both parents, spaced 1.5–6 years."""
        rng = self.rng
        start = max(add_years(father_born, 21), add_years(mother_born, 19))
        if earliest:
            start = max(start, earliest)
        day = start + dt.timedelta(days=rng.randint(200, 1600))
        kids = []
        for _ in range(n):
            if day > CHOT_2023 - dt.timedelta(days=20):
                break
            sex = "1" if rng.random() < 0.53 else "2"  # sex ratio at birth ~ 112
            kids.append(self.person(hh, rel, sex, day, eth, father_family))
            day += dt.timedelta(days=rng.randint(550, 2200))
        if father_stt or mother_stt:
            hh.couples.append((father_stt, mother_stt, rel))
        return kids

    def household(self, idx: int, area: int, seq: int) -> Household:
        rng = self.rng
        c = self.c
        hamlet = c.hamlets[area - 1]
        hh = Household(area, f"{c.prefix}{area:02d}{seq:03d}", f"CTV-{c.code}-{area:02d}",
                       f"{hamlet}, Tổ {rng.randint(1, 8)}", "")
        eth = c.forced_eth.get(idx) or wchoice(rng, c.eth_weights)
        kind = wchoice(rng, [("single_elderly", 8), ("single_adult", 4), ("couple_old", 10),
                             ("nuclear", 45), ("single_parent", 8), ("extended_up", 12),
                             ("three_gen", 13)])
        hh.kind = kind
        d = lambda a, b: rand_day(rng, dt.date(a, 1, 1), dt.date(b, 12, 31))
        ncl = lambda: rng.choice([1, 2, 2, 2, 3, 3, 4])

        if kind == "single_elderly":
            sex = "2" if rng.random() < 0.6 else "1"
            p = self.person(hh, "1", sex, d(1932, 1956), eth)
            p.mar = wchoice(rng, [("3", 70), ("1", 10), ("4", 12), ("5", 8)])
        elif kind == "single_adult":
            sex = "1" if rng.random() < 0.7 else "2"
            p = self.person(hh, "1", sex, d(1972, 2001), eth)
            p.mar = wchoice(rng, [("1", 70), ("4", 30)])
        elif kind == "couple_old":
            hb = d(1938, 1966)
            h = self.person(hh, "1", "1", hb, eth)
            w = self.person(hh, "2", "2", hb + dt.timedelta(days=rng.randint(0, 6 * 365)), eth)
            h.mar = w.mar = "2"
        elif kind in ("nuclear", "extended_up"):
            hb = d(1962, 1997) if kind == "nuclear" else d(1968, 1995)
            wb = min(hb + dt.timedelta(days=rng.randint(-2 * 365, 8 * 365)), dt.date(2004, 12, 31))
            female_head = kind == "nuclear" and rng.random() < 0.12
            fam = family_name(rng, eth)
            heth = eth
            weth = eth if eth == "01" or rng.random() < 0.75 else "01"
            if female_head:
                w = self.person(hh, "1", "2", wb, weth)
                h = self.person(hh, "2", "1", hb, heth, fam)
            else:
                h = self.person(hh, "1", "1", hb, heth, fam)
                w = self.person(hh, "2", "2", wb, weth)
            h.mar = w.mar = "2"
            self.children(hh, hb, wb, fam, heth, "3", ncl(), h.stt, w.stt)
            if kind == "extended_up":
                both = rng.random() < 0.4
                fb = rand_day(rng, max(add_years(hb, -36), dt.date(1932, 1, 1)), add_years(hb, -23))
                mb = min(fb + dt.timedelta(days=rng.randint(-365, 6 * 365)), add_years(hb, -20))
                if both or rng.random() < 0.3:
                    f = self.person(hh, "5", "1", fb, heth, fam)
                    f.mar = "2" if both else "3"
                if both or not any(m.rel == "5" for m in hh.members):
                    mo = self.person(hh, "5", "2", mb, heth)
                    mo.mar = "2" if both else "3"
            elif rng.random() < 0.08 and len(hh.members) < 8:
                s = self.person(hh, "7", rng.choice("12"),
                                rand_day(rng, add_years(hb, -4), min(add_years(hb, 6), dt.date(2003, 12, 31))),
                                heth, fam)
                s.mar = "1"
            elif rng.random() < 0.03 and len(hh.members) < 8:
                o = self.person(hh, "9", "2", d(1995, 2005), heth)
                o.mar = "1"
        elif kind == "single_parent":
            female = rng.random() < 0.7
            pb = d(1962, 1994)
            eth_f = eth
            ofam = family_name(rng, eth)
            p = self.person(hh, "1", "2" if female else "1", pb, eth)
            p.mar = wchoice(rng, [("3", 40), ("4", 40), ("5", 12), ("1", 8)]) if female else \
                wchoice(rng, [("3", 60), ("4", 40)])
            other_born = add_years(pb, rng.randint(-1, 5) if female else rng.randint(-6, 0))
            father_family = ofam if female else p.family
            if p.mar == "1":
                father_family = p.family  # a single mother's children take her family name
            fb, mb = (other_born, pb) if female else (pb, other_born)
            self.children(hh, fb, mb, father_family, eth_f, "3", rng.choice([1, 1, 2, 2, 3]))
        elif kind == "three_gen":
            hb = d(1944, 1968)
            fam = family_name(rng, eth)
            widow = rng.random() < 0.25
            if widow:
                head = self.person(hh, "1", "2", hb, eth)
                head.mar = "3"
                fam = family_name(rng, eth)  # the late husband's family name
                sp_born = add_years(hb, -rng.randint(0, 6))
                fb, mb = sp_born, hb
            else:
                head = self.person(hh, "1", "1", hb, eth, fam)
                sp = self.person(hh, "2", "2", hb + dt.timedelta(days=rng.randint(0, 6 * 365)), eth)
                head.mar = sp.mar = "2"
                fb, mb = hb, sp.born.ref()
            # the married child: first born, at least 22 years after both parents
            cb = rand_day(rng, max(add_years(fb, 23), add_years(mb, 21)),
                          min(max(add_years(fb, 32), add_years(mb, 30)), dt.date(1998, 12, 31)))
            son = rng.random() < 0.75
            if son:
                ch = self.person(hh, "3", "1", cb, eth, fam)
                ib = min(cb + dt.timedelta(days=rng.randint(-2 * 365, 5 * 365)), dt.date(2003, 12, 31))
                inlaw = self.person(hh, "8", "2", ib, eth)
                gfam, gfb, gmb = fam, cb, ib
                father, mother = ch, inlaw
            else:
                ch = self.person(hh, "3", "2", cb, eth, fam)
                ib = min(cb + dt.timedelta(days=rng.randint(0, 6 * 365)), dt.date(2001, 12, 31))
                inlaw = self.person(hh, "8", "1", ib, eth)
                gfam, gfb, gmb = inlaw.family, ib, cb
                father, mother = inlaw, ch
                if rng.random() < 0.2:
                    inlaw.res = "2"   # son-in-law registered in his home commune
            ch.mar = inlaw.mar = "2"
            self.children(hh, gfb, gmb, gfam, eth, "4", rng.choice([1, 2, 2, 3]),
                          father.stt, mother.stt)
            if rng.random() < 0.35 and len(hh.members) < 8:
                yb = rand_day(rng, cb + dt.timedelta(days=700),
                              min(max(add_years(fb, 42), add_years(mb, 40)), dt.date(2006, 12, 31)))
                if yb > cb:
                    y = self.person(hh, "3", rng.choice("12"), yb, eth, fam)
        # marital status of everyone 15+ who has none yet
        for m in hh.members:
            if not m.mar and age_at(m.born, CHOT_2023) >= 15:
                m.mar = "1"
        assert 1 <= len(hh.members) <= 9, (kind, len(hh.members))
        return hh

    # -- the other fields
    def finish(self, hh: Household, *, all_status: Optional[str] = None):
        rng = self.rng
        for p in hh.members:
            a = age_at(p.born, CHOT_2023)
            # education: highest level completed
            if a < 6:
                p.edu = "" if rng.random() < 0.5 else "0"
            elif a <= 10:
                p.edu = "1"
            elif a <= 14:
                p.edu = "2"
            elif a <= 17:
                p.edu = "3"
            else:
                y = p.born.y
                dist = ([("0", 15), ("1", 35), ("2", 30), ("3", 15), ("4", 5)] if y < 1950 else
                        [("1", 15), ("2", 30), ("3", 35), ("4", 15), ("5", 3), ("7", 2)] if y < 1970 else
                        [("1", 5), ("2", 20), ("3", 35), ("4", 25), ("5", 6), ("6", 4), ("7", 5)] if y < 1990 else
                        [("2", 8), ("3", 25), ("4", 40), ("5", 8), ("6", 7), ("7", 11), ("8", 1)])
                if p.eth in ("05", "14"):
                    dist = [(k, w * (3 if k in "0123" else 1)) for k, w in dist]
                p.edu = wchoice(rng, dist)
            if a >= 6 and rng.random() < 0.07:
                p.edu = ""
            # residence
            if all_status:
                p.res = all_status
            elif p.res == "1" and p.rel in ("3", "7", "8") and 18 <= a <= 40 and rng.random() < 0.13:
                p.res = "3"   # working in Bình Dương / Thành phố Hồ Chí Minh
            elif p.res == "1" and p.rel == "2" and p.sex == "1" and 25 <= a <= 50 and rng.random() < 0.04:
                p.res = "3"
            # contraception: married women 15–49, eligible on both sample dates
            if (p.sex == "2" and p.mar == "2" and 15 <= age_at(p.born, CHOT_2023)
                    and age_at(p.born, CHOT_2024) <= 49 and rng.random() < 0.88):
                p.bptt = wchoice(rng, [("1", 30), ("6", 20), ("7", 18), ("0", 10), ("2", 5),
                                       ("4", 4), ("5", 5), ("8", 6), ("3", 2)])
            # personal number and health insurance card
            if rng.random() < (0.86 if a >= 14 else 0.3):
                p.sdd = self.serials.personal_number(p.sex, p.born.y)
            if rng.random() < 0.45:
                obj = ("TE1" if a < 6 else "HS4" if a <= 18 and rng.random() < 0.8 else
                       "HT2" if a >= 60 and rng.random() < 0.3 else
                       "HN2" if p.eth in ("05", "14") else "GD4")
                p.bhyt = obj + "72" + self.serials.bhxh_number()
            if rng.random() < 0.22:
                lo = max(p.born.earliest(), dt.date(2021, 1, 1))
                p.upd = rand_day(rng, lo, CHOT_2023)

    def build(self):
        rng = self.rng
        households = []
        idx = 0
        for area, n in enumerate(self.c.households_per_area, start=1):
            for seq in range(1, n + 1):
                households.append(self.household(idx, area, seq))
                idx += 1
        # residence patterns by household: a few temporary-resident families, and
        # households whose members are all away (registered here, living elsewhere)
        order = list(range(len(households)))
        rng.shuffle(order)
        absent = [i for i in order if len(households[i].members) <= 3][: self.c.fully_absent]
        temp = [i for i in order if i not in absent and households[i].kind in ("nuclear", "single_adult")][:3]
        for i, hh in enumerate(households):
            self.finish(hh, all_status="3" if i in absent else "2" if i in temp else None)
        return households


class SerialPool:
    """Unique 6-digit serials for personal numbers, unique social-insurance numbers."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used_serials = set()
        self.used_bhxh = set()

    def personal_number(self, sex: str, year: int) -> str:
        while True:
            s = self.rng.randint(1, 899999)
            if s not in self.used_serials:
                self.used_serials.add(s)
                break
        century = {19: 0, 20: 2, 21: 4}[year // 100]
        return f"072{century + (1 if sex == '2' else 0)}{year % 100:02d}{s:06d}"

    def bhxh_number(self) -> str:
        while True:
            n = "72" + f"{self.rng.randint(0, 99999999):08d}"
            if n not in self.used_bhxh:
                self.used_bhxh.add(n)
                return n


# --------------------------------------------------------------------------- encodings

def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows writes it: letters with a vowel mark
    (â ă ê ô ơ ư) and đ precomposed, tone marks as combining characters."""
    out = bytearray()
    tones = "\u0300\u0301\u0303\u0309\u0323"
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode("ascii")
            continue
        dec = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in dec if c not in tones))
        tone = "".join(c for c in dec if c in tones)
        out += (base + tone).encode("cp1258")
    back = out.decode("cp1258")
    assert unicodedata.normalize("NFC", back) == unicodedata.normalize("NFC", text), "cp1258 round trip"
    return bytes(out)


def iconv(data: bytes, src: str, dst: str) -> bytes:
    r = subprocess.run([ICONV, "-f", src, "-t", dst], input=data, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"iconv {src} -> {dst} failed: {r.stderr.decode(errors='replace')}")
    return r.stdout


def to_tcvn3(text: str) -> bytes:
    nfc = unicodedata.normalize("NFC", text)
    data = iconv(nfc.encode("utf-8"), "UTF-8", "TCVN5712-1")
    back = iconv(data, "TCVN5712-1", "UTF-8").decode("utf-8")
    assert unicodedata.normalize("NFC", back) == nfc, "TCVN3 round trip"
    bad = sorted({b for b in data if b < 0x20 and b not in (0x09, 0x0A, 0x0D)})
    assert not bad, f"TCVN3 bytes in the control range: {bad}"
    # every character on its own too (no multi-byte or dropped characters)
    for ch in sorted(set(nfc)):
        if not ch.isascii():
            one = iconv(ch.encode("utf-8"), "UTF-8", "TCVN5712-1")
            assert len(one) == 1, (ch, one)
            assert unicodedata.normalize("NFC", iconv(one, "TCVN5712-1", "UTF-8").decode()) == ch
    return data


ENCODERS = {
    "utf-8": lambda t: unicodedata.normalize("NFC", t).encode("utf-8"),
    "cp1258": to_cp1258,
    "tcvn3": to_tcvn3,
    "utf-16le-bom": lambda t: b"\xff\xfe" + unicodedata.normalize("NFC", t).encode("utf-16-le"),
}


def decode(data: bytes, enc: str) -> str:
    if enc == "utf-8":
        text = data.decode("utf-8")
    elif enc == "cp1258":
        text = data.decode("cp1258")
    elif enc == "tcvn3":
        text = iconv(data, "TCVN5712-1", "UTF-8").decode("utf-8")
    elif enc == "utf-16le-bom":
        assert data[:2] == b"\xff\xfe"
        text = data[2:].decode("utf-16-le")
    else:
        raise ValueError(enc)
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- writing

@dataclass
class Layout:
    encoding: str
    delimiter: str
    newline: str
    header_style: str          # machine | label | folded
    columns: list
    labels_for_codes: bool = False


def header_text(col: str, style: str) -> str:
    if style == "machine":
        return col
    if style == "label":
        return LABELS[col]
    return fold(LABELS[col]).upper()


def cell(p: Person, hh: Household, col: str, chot: dt.date, labels: bool) -> str:
    unit = UNITS_BY_MA_HO[hh.ma_ho]
    v = {
        "ngay_chot": BDate.of(chot).text(),
        "ma_tinh": unit["province_code"],
        "ma_huyen": unit["district_code"],
        "ma_xa": unit["commune_code"],
        "dia_ban": str(hh.area),
        "ma_ctv": hh.ctv,
        "ma_ho": hh.ma_ho,
        "dia_chi": hh.address,
        "stt": str(p.stt),
        "so_dinh_danh": p.sdd,
        "so_the_bhyt": p.bhyt,
        "ho_ten": p.name,
        "quan_he_chu_ho": p.rel,
        "gioi_tinh": SEX[p.sex] if labels else p.sex,
        "ngay_sinh": p.born.text(p.born_style),
        "dan_toc": ETHNIC[p.eth] if labels else p.eth,
        "trinh_do_hoc_van": p.edu,
        "tinh_trang_hon_nhan": p.mar,
        "tinh_trang_cu_tru": RES[p.res] if labels else p.res,
        "bptt": p.bptt,
        "ngay_cap_nhat": BDate.of(p.upd).text() if p.upd else "",
    }[col]
    return v


UNITS_BY_MA_HO: dict = {}


def write_register(path: Path, households, layout: Layout, chot: dt.date) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=layout.delimiter, lineterminator=layout.newline,
                   quoting=csv.QUOTE_MINIMAL)
    w.writerow([header_text(c, layout.header_style) for c in layout.columns])
    for hh in households:
        for p in sorted(hh.members, key=lambda m: m.stt):
            w.writerow([cell(p, hh, c, chot, layout.labels_for_codes) for c in layout.columns])
    data = ENCODERS[layout.encoding](buf.getvalue())
    assert decode(data, layout.encoding) == unicodedata.normalize("NFC", buf.getvalue())
    path.write_bytes(data)
    return data


# --------------------------------------------------------------------------- reading and checking
# An independent reading of the files just written, with the rules of feeds.md §6.

CODE_LISTS = {
    "gioi_tinh": SEX, "quan_he_chu_ho": REL, "tinh_trang_hon_nhan": MAR,
    "tinh_trang_cu_tru": RES, "trinh_do_hoc_van": EDU, "bptt": BPTT,
}
HEADER_INDEX = {}
for _c in COLS:
    HEADER_INDEX[header_key(_c)] = _c
    HEADER_INDEX[header_key(LABELS[_c])] = _c


def code_of(col: str, value: str) -> Optional[str]:
    v = value.strip()
    if col == "dan_toc":
        if re.fullmatch(r"\d{1,2}", v) and f"{int(v):02d}" in ETHNIC:
            return f"{int(v):02d}"
        for k, name in ETHNIC.items():
            if fold(name) == fold(v):
                return k
        return None
    table = CODE_LISTS[col]
    if v in table:
        return v
    for k, label in table.items():
        if fold(label) == fold(v):
            return k
    return None


@dataclass
class Record:
    line: int
    raw: dict
    v: dict = field(default_factory=dict)


def read_records(text: str, delimiter: str):
    """Rows with the physical line number they start on (header = line 1)."""
    f = io.StringIO(text, newline="")
    r = csv.reader(f, delimiter=delimiter, strict=True)
    rows = []
    prev = 0
    for row in r:
        start = prev + 1
        prev = r.line_num
        if not any(x.strip() for x in row):
            continue
        rows.append((start, row))
    return rows


def check_register(text: str, delimiter: str):
    """Returns (findings, records accepted, duplicates). Findings are (rule, line, column, value)."""
    rows = read_records(text, delimiter)
    (hline, header), body = rows[0], rows[1:]
    while header and not header[-1].strip():
        header = header[:-1]
    cols = [HEADER_INDEX.get(header_key(h)) for h in header]
    findings = []
    for h, c in zip(header, cols):
        if c is None:
            findings.append(("F05", 1, h, ""))
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        return [("F02", 1, m, "") for m in missing], [], 0, None
    records = []
    for line, row in body:
        while len(row) > len(cols) and not row[-1].strip():
            row = row[:-1]
        if len(row) != len(cols):
            findings.append(("F03", line, "", ""))
            continue
        raw = {c: row[i].strip() for i, c in enumerate(cols) if c}
        records.append(Record(line, raw))
    chot_values = sorted({r.raw["ngay_chot"] for r in records})
    assert len(chot_values) == 1, chot_values
    chot = parse_date(chot_values[0], False).earliest()

    accepted = []
    for r in records:
        errs = []
        for c in REQUIRED:
            if not r.raw.get(c):
                errs.append(("R01", c))
        for c in ("gioi_tinh", "quan_he_chu_ho", "tinh_trang_hon_nhan", "tinh_trang_cu_tru",
                  "trinh_do_hoc_van", "bptt", "dan_toc"):
            if r.raw.get(c):
                code = code_of(c, r.raw[c])
                if code is None:
                    errs.append(("R02", c))
                r.v[c] = code
            else:
                r.v[c] = None
        born = parse_date(r.raw["ngay_sinh"], True) if r.raw.get("ngay_sinh") else None
        if r.raw.get("ngay_sinh") and born is None:
            errs.append(("R03", "ngay_sinh"))
        upd = None
        if r.raw.get("ngay_cap_nhat"):
            upd = parse_date(r.raw["ngay_cap_nhat"], False)
            if upd is None:
                errs.append(("R03", "ngay_cap_nhat"))
            elif upd.earliest() > chot:
                errs.append(("R04", "ngay_cap_nhat"))
        if born:
            if born.earliest() > chot:
                errs.append(("R04", "ngay_sinh"))
            elif age_at(born, chot) > 120:
                errs.append(("R05", "ngay_sinh"))
        r.v["born"] = born
        unit = UNITS.get(r.raw.get("ma_xa", ""))
        if (unit is None or (r.raw.get("ma_tinh") and r.raw["ma_tinh"] != unit["province_code"])
                or (r.raw.get("ma_huyen") and r.raw["ma_huyen"] != unit["district_code"])):
            errs.append(("R06", "ma_xa"))
        name = r.raw.get("ho_ten", "")
        if name and (re.search(r"\d", name) or any(unicodedata.category(ch).startswith("C") for ch in name)
                     or not any(ch.isalpha() for ch in name)):
            errs.append(("R16", "ho_ten"))
        if not (r.raw.get("dia_ban", "").isdigit() and 1 <= int(r.raw["dia_ban"]) <= 999):
            errs.append(("R02", "dia_ban"))
        if not (r.raw.get("stt", "").isdigit() and 1 <= int(r.raw["stt"]) <= 99):
            errs.append(("R02", "stt"))
        if born and not errs and age_at(born, chot) >= 15 and not r.raw.get("tinh_trang_hon_nhan"):
            errs.append(("R01", "tinh_trang_hon_nhan"))
        r.v["age"] = age_at(born, chot) if born else None
        for rule, c in errs:
            findings.append((rule, r.line, c, r.raw.get(c, "")))
        if not errs:
            accepted.append(r)

    # person keys: identical repeats are duplicates, different content is R11
    by_key = {}
    for r in accepted:
        by_key.setdefault((r.raw["ma_xa"], r.raw["ma_ho"], int(r.raw["stt"])), []).append(r)
    kept, duplicates = [], 0
    for key, rs in by_key.items():
        distinct = []
        for r in rs:
            if r.raw not in [d.raw for d in distinct]:
                distinct.append(r)
        if len(distinct) > 1:
            for r in rs:
                findings.append(("R11", r.line, "stt", r.raw["stt"]))
            continue
        duplicates += len(rs) - 1
        kept.append(rs[0])
    kept.sort(key=lambda r: r.line)

    for r in kept:
        sex, age, born = r.v["gioi_tinh"], r.v["age"], r.v["born"]
        sdd = r.raw.get("so_dinh_danh", "")
        if sdd:
            if not re.fullmatch(r"\d{12}", sdd):
                findings.append(("R07", r.line, "so_dinh_danh", sdd))
                r.v["sdd"] = None
            else:
                r.v["sdd"] = sdd
                century = {19: 0, 20: 2, 21: 4}.get(born.y // 100)
                expect = None if century is None else century + (1 if sex == "2" else 0)
                if int(sdd[3]) != expect or int(sdd[4:6]) != born.y % 100:
                    findings.append(("R08", r.line, "so_dinh_danh", sdd))
        mar = r.v["tinh_trang_hon_nhan"]
        if mar in ("2", "3", "4", "5") and age < (18 if sex == "2" else 20):
            findings.append(("R09", r.line, "tinh_trang_hon_nhan", r.raw["tinh_trang_hon_nhan"]))
        if r.v["bptt"] is not None and not (sex == "2" and mar == "2" and 15 <= age <= 49):
            findings.append(("R10", r.line, "bptt", r.raw["bptt"]))
    seen = {}
    for r in kept:
        if r.v.get("sdd"):
            if r.v["sdd"] in seen:
                findings.append(("R15", r.line, "so_dinh_danh", r.v["sdd"]))
            else:
                seen[r.v["sdd"]] = r
    households = {}
    for r in kept:
        households.setdefault((r.raw["ma_xa"], r.raw["ma_ho"]), []).append(r)
    for key, rs in households.items():
        heads = [r for r in rs if r.v["quan_he_chu_ho"] == "1"]
        if len(heads) != 1:
            findings.append(("R12", heads[1].line if len(heads) > 1 else rs[0].line, "quan_he_chu_ho", ""))
        if len(heads) >= 1:
            head = heads[0]
            if head.v["age"] < 15:
                findings.append(("R13", head.line, "ngay_sinh", head.raw["ngay_sinh"]))
            for r in rs:
                if r.v["quan_he_chu_ho"] == "3" and r.v["born"].ref() < add_years(head.v["born"].ref(), 12):
                    findings.append(("R14", r.line, "ngay_sinh", r.raw["ngay_sinh"]))
    findings.sort(key=lambda f: (f[1], f[0]))
    return findings, kept, duplicates, chot


def stricter_checks(kept):
    """Beyond §6: the realism the samples promise (children ≥ 18 years younger than both
    parents in the household, grandchildren ≥ 36 younger than the head, parents ≥ 18 older)."""
    households = {}
    for r in kept:
        households.setdefault(r.raw["ma_ho"], []).append(r)
    for ma_ho, rs in households.items():
        head = [r for r in rs if r.v["quan_he_chu_ho"] == "1"][0]
        spouse = [r for r in rs if r.v["quan_he_chu_ho"] == "2"]
        hb = head.v["born"].ref()
        for r in rs:
            b = r.v["born"].ref()
            rel = r.v["quan_he_chu_ho"]
            if rel == "3":
                for p in [head] + spouse:
                    assert b >= add_years(p.v["born"].ref(), 18), (ma_ho, r.raw["ho_ten"])
            if rel == "4":
                assert b >= add_years(hb, 36), (ma_ho, r.raw["ho_ten"])
            if rel == "5":
                assert hb >= add_years(b, 18), (ma_ho, r.raw["ho_ten"])
            if r.v["bptt"] is not None:
                assert r.v["gioi_tinh"] == "2" and r.v["tinh_trang_hon_nhan"] == "2"
        assert len({r.raw["dia_chi"] for r in rs}) == 1


def figures(kept):
    resident = [r for r in kept if r.v["tinh_trang_cu_tru"] in ("1", "2")]
    return {
        "listed": len(kept),
        "resident": len(resident),
        "male": sum(1 for r in resident if r.v["gioi_tinh"] == "1"),
        "female": sum(1 for r in resident if r.v["gioi_tinh"] == "2"),
        "households": len({r.raw["ma_ho"] for r in resident}),
    }


def verify_good(path: Path, layout: Layout):
    text = decode(path.read_bytes(), layout.encoding)
    findings, kept, dups, chot = check_register(text, layout.delimiter)
    assert not findings, (path.name, findings[:10])
    assert dups == 0
    stricter_checks(kept)
    return kept, chot


# --------------------------------------------------------------------------- the 2024 register

def half_year_later(households, rng: random.Random, serials: SerialPool):
    """Tân Lập as of 30/06/2024: a few changes, three births, two people gone, one household gone."""
    hhs = copy.deepcopy(households)
    changes = []
    used_hh = set()

    def pick(cands):
        cands = [c for c in cands if c[0].ma_ho not in used_hh]
        hh, p = cands[rng.randrange(len(cands))]
        used_hh.add(hh.ma_ho)
        return hh, p

    everyone = [(hh, p) for hh in hhs for p in hh.members]
    age24 = lambda p: age_at(p.born, CHOT_2024)

    # one whole household moved away (a nuclear family in an area that keeps others)
    gone_hh, _ = pick([(hh, hh.members[0]) for hh in hhs if hh.kind == "nuclear"
                       and all(p.res == "1" for p in hh.members)])
    # births: two children of the head (3), one grandchild (4)
    births = []
    for rel in ("3", "3", "4"):
        cands = []
        for hh in hhs:
            if hh.ma_ho in used_hh:
                continue
            for (fs, ms, crel) in hh.couples:
                if crel != rel or not fs or not ms:
                    continue
                f = next(p for p in hh.members if p.stt == fs)
                m = next(p for p in hh.members if p.stt == ms)
                kids = [p for p in hh.members if p.rel == rel]
                last = max([k.born.ref() for k in kids], default=dt.date(1900, 1, 1))
                if (22 <= age24(m) <= 38 and m.res == "1" and f.res == "1" and m.mar == "2"
                        and len(hh.members) < 9 and last < dt.date(2022, 6, 1)
                        and m.bptt in ("", "0", "8")):
                    cands.append((hh, (f, m)))
        hh, (f, m) = pick(cands)
        born = rand_day(rng, dt.date(2024, 1, 5), dt.date(2024, 6, 20))
        stt = max(p.stt for p in hh.members) + 1
        sex = "1" if rng.random() < 0.5 else "2"
        for _ in range(50):
            name = full_name(rng, f.eth, sex, 2024, f.family)
            if name not in [p.name for p in hh.members]:
                break
        baby = Person(stt, f.family, name, rel, sex, BDate.of(born), "dmy", f.eth, edu="",
                      mar="", res="1", upd=born + dt.timedelta(days=rng.randint(3, 9)))
        if rng.random() < 0.5:
            baby.sdd = serials.personal_number(sex, 2024)
        hh.members.append(baby)
        births.append((hh, baby, m))
        changes.append(f"new member {hh.ma_ho} stt {stt} {name}, born {baby.born.text()} "
                       f"(quan_he {rel}, mother {m.name})")
    # a marriage: a never-married daughter 20+ becomes married (status change only)
    hh, p = pick([(hh, p) for hh, p in everyone if p.sex == "2" and p.mar == "1" and p.rel == "3"
                  and age24(p) >= 20 and p.res == "1"])
    p.mar, p.upd = "2", dt.date(2024, 3, 18)
    changes.append(f"{hh.ma_ho} stt {p.stt} {p.name}: tinh_trang_hon_nhan 1 → 2")
    # a method change: pill → IUD
    hh, p = pick([(hh, p) for hh, p in everyone if p.bptt == "6"])
    p.bptt, p.upd = "1", dt.date(2024, 4, 9)
    changes.append(f"{hh.ma_ho} stt {p.stt} {p.name}: bptt 6 → 1")
    # a residence change: a son leaves to work in an industrial zone
    hh, p = pick([(hh, p) for hh, p in everyone if p.sex == "1" and p.rel == "3" and p.res == "1"
                  and 18 <= age24(p) <= 30])
    p.res, p.upd = "3", dt.date(2024, 5, 22)
    changes.append(f"{hh.ma_ho} stt {p.stt} {p.name}: tinh_trang_cu_tru 1 → 3")
    # two people no longer listed: a grandparent (died) and an adult child (left)
    hh, p = pick([(hh, p) for hh, p in everyone if p.rel == "5" and age24(p) >= 70])
    hh.members.remove(p)
    for q in hh.members:
        if q.rel == "5" and q.mar == "2":
            q.mar, q.upd = "3", dt.date(2024, 2, 27)
            changes.append(f"{hh.ma_ho} stt {q.stt} {q.name}: tinh_trang_hon_nhan 2 → 3 (widowed)")
    removed = [(hh, p, "died")]
    hh, p = pick([(hh, p) for hh, p in everyone if p.rel == "3" and p.mar == "1"
                  and 20 <= age24(p) <= 35 and p.stt != max(m.stt for m in hh.members)])
    hh.members.remove(p)
    removed.append((hh, p, "left the commune"))
    for hh, p, why in removed:
        changes.append(f"no longer listed: {hh.ma_ho} stt {p.stt} {p.name} ({why})")
    hhs.remove(gone_hh)
    # children who turned 15 since 31/12/2023 now need a marital status (never married)
    for hh in hhs:
        for p in hh.members:
            if not p.mar and age24(p) >= 15:
                p.mar = "1"
                changes.append(f"{hh.ma_ho} stt {p.stt} {p.name}: turned 15 on {add_years(p.born.ref(), 15):%d/%m/%Y}, "
                               f"tinh_trang_hon_nhan empty → 1")
    changes.append(f"household {gone_hh.ma_ho} ({len(gone_hh.members)} people) no longer listed (moved away)")
    return hhs, changes, gone_hh


# --------------------------------------------------------------------------- bad files

BAD_HEADER = COLS


def bad_row(ma_ho, stt, name, rel, sex, born, mar="", edu="3", res="1", bptt="", sdd="", **over):
    row = {
        "ngay_chot": "31/12/2023", "ma_tinh": "72", "ma_huyen": "705", "ma_xa": "25492",
        "dia_ban": "1", "ma_ctv": "CTV-25492-01", "ma_ho": ma_ho,
        "dia_chi": "Ấp Thạnh Phú, Tổ 2", "stt": str(stt), "so_dinh_danh": sdd,
        "so_the_bhyt": "", "ho_ten": name, "quan_he_chu_ho": rel, "gioi_tinh": sex,
        "ngay_sinh": born, "dan_toc": "01", "trinh_do_hoc_van": edu,
        "tinh_trang_hon_nhan": mar, "tinh_trang_cu_tru": res, "bptt": bptt, "ngay_cap_nhat": "",
    }
    row.update(over)
    return row


class BadSerials:
    def __init__(self):
        self.n = 900000

    def __call__(self, sex: str, year: int) -> str:
        self.n += 17
        century = {19: 0, 20: 2}[year // 100]
        return f"072{century + (1 if sex == '2' else 0)}{year % 100:02d}{self.n:06d}"


def family(ma_ho, sdd, *, head=("Nguyễn Văn Hậu", "12/03/1978"), wife=("Trần Thị Mỹ Lệ", "05/09/1981"),
           kids=(("Nguyễn Minh Khang", "1", "20/07/2008"), ("Nguyễn Ngọc Hân", "2", "14/02/2013")),
           addr="Ấp Thạnh Phú, Tổ 2"):
    """A plain valid family: head, wife, children."""
    rows = [bad_row(ma_ho, 1, head[0], "1", "1", head[1], "2", "3", sdd=sdd("1", int(head[1][-4:])), dia_chi=addr),
            bad_row(ma_ho, 2, wife[0], "2", "2", wife[1], "2", "3",
                    bptt="1" if age_at(parse_date(wife[1], True), CHOT_2023) <= 49 else "",
                    sdd=sdd("2", int(wife[1][-4:])), dia_chi=addr)]
    for i, (n, s, b) in enumerate(kids, start=3):
        a = age_at(parse_date(b, True), CHOT_2023)
        rows.append(bad_row(ma_ho, i, n, "3", s, b, "1" if a >= 15 else "", "2" if a >= 11 else "1",
                            dia_chi=addr))
    return rows


def csv_text(rows, header=BAD_HEADER):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(c, "") for c in header])
    return buf.getvalue()


def make_bad_files():
    """Returns the list of (file name, expectation dict)."""
    sdd = BadSerials()
    specs = []

    def add(name, rows, expect, header=BAD_HEADER, text=None, data=None, note=""):
        path = BAD / name
        if data is None:
            text = text if text is not None else csv_text(rows, header)
            data = unicodedata.normalize("NFC", text).encode("utf-8")
        path.write_bytes(data)
        specs.append(dict(file=name, note=note, **expect))

    # F01: Latin-1 with German text: not UTF-8, and neither CP1258 nor TCVN3 gives Vietnamese
    german = [
        bad_row("BAD-F01-01", 1, "Jürgen Müller", "1", "1", "12/03/1975", "2", dia_chi="Hauptstraße 12, Köln"),
        bad_row("BAD-F01-01", 2, "Käthe Müller", "2", "2", "05/09/1978", "2", dia_chi="Hauptstraße 12, Köln"),
        bad_row("BAD-F01-01", 3, "Jörg Müller", "3", "1", "20/07/2008", "1", "2", dia_chi="Hauptstraße 12, Köln"),
        bad_row("BAD-F01-02", 1, "Dörte Weiß", "1", "2", "01/10/1960", "3", dia_chi="Große Straße 3, Düsseldorf"),
    ]
    latin1 = csv_text(german).encode("latin-1")
    add("F01_latin1_german.csv", None,
        dict(rule="F01", severity="error (file)", line="—", column="—", value="",
             rows="file rejected whole, nothing loaded"),
        data=latin1,
        note="ISO-8859-1 bytes E4 F6 FC DF (ä ö ü ß): invalid UTF-8; in CP1258 they are non-Vietnamese "
             "letters, in TCVN3 they give impossible syllables (Mỹller, Hauptstraòe, Kửln)")
    # F01: binary junk: a spreadsheet (zip) saved under a .csv name
    rng = random.Random(SEED + 1)
    junk = bytearray(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    junk += b"[Content_Types].xml"
    junk += bytes(rng.randrange(256) for _ in range(400))
    junk += b"\x00" * 32 + b"xl/worksheets/sheet1.xml" + bytes(rng.randrange(256) for _ in range(300))
    add("F01_binary.csv", None,
        dict(rule="F01", severity="error (file)", line="—", column="—", value="",
             rows="file rejected whole, nothing loaded"),
        data=bytes(junk), note="a .xlsx (zip) renamed .csv: NUL bytes, no BOM, not text")
    # F02: the required column ngay_sinh is missing
    rows = family("BAD-F02-01", sdd)
    add("F02_missing_ngay_sinh.csv", rows,
        dict(rule="F02", severity="error (file)", line=1, column="ngay_sinh", value="",
             rows="file rejected whole, nothing loaded"),
        header=[c for c in BAD_HEADER if c != "ngay_sinh"])
    # F03: unbalanced quote on line 4; the lines after it hold no quote character at all
    rows = family("BAD-F03-01", sdd, kids=(("Nguyễn Minh Khang", "1", "20/07/2008"),))
    rows += family("BAD-F03-02", sdd, head=("Lê Văn Tính", "02/02/1970"), wife=("Phạm Thị Thu", "11/11/1972"),
                   kids=(("Lê Thị Mộng Tuyền", "2", "08/08/1996"),), addr="Ấp Thạnh Hòa, Tổ 4")
    lines = csv_text(rows).split("\n")
    bad_line = lines[3].replace("Ấp Thạnh Phú, Tổ 2", '"Ấp Thạnh Phú, Tổ 2')
    # csv_text quoted the address (it holds a comma); drop that quoting everywhere, leaving
    # one opening quote on line 4 only
    lines = [l.replace('"Ấp Thạnh Phú, Tổ 2"', "Ấp Thạnh Phú - Tổ 2").replace('"Ấp Thạnh Hòa, Tổ 4"', "Ấp Thạnh Hòa - Tổ 4")
             for l in lines]
    lines[3] = lines[3].replace("Ấp Thạnh Phú - Tổ 2", '"Ấp Thạnh Phú, Tổ 2')
    text = "\n".join(lines)
    assert text.count('"') == 1
    add("F03_unbalanced_quote.csv", None,
        dict(rule="F03", severity="error", line=4, column="dia_chi", value='"Ấp Thạnh Phú, Tổ 2',
             rows="line 4 rejected; lines 2–3 accepted; lines 5–7 accepted too if the reader "
                  "resynchronises at line 5 (then read 6, accepted 5, rejected 1)"),
        text=text,
        note="the quote opened in dia_chi on line 4 is never closed (no other quote in the file), so a "
             "reader reaches end of file inside it; lines 5–7 are a complete household")
    # F05: an unknown column
    rows = family("BAD-F05-01", sdd)
    for r in rows:
        r["ghi_chu_noi_bo"] = "đã xác minh tại nhà"
    add("F05_extra_column.csv", rows,
        dict(rule="F05", severity="warning (file)", line=1, column="ghi_chu_noi_bo", value="",
             rows="read 4, accepted 4"),
        header=BAD_HEADER + ["ghi_chu_noi_bo"])

    # record-level errors: the faulty person is never the head, so households stay sound
    def one(name, ma_ho, mutate, rule, line, column, value, rows_note, note="", **fam):
        rows = family(ma_ho, sdd, **fam)
        mutate(rows)
        add(name, rows, dict(rule=rule, severity="—" if rule == "—" else
                             "error" if rule in ("R01", "R02", "R03", "R04", "R05", "R06", "R11", "R16") else "warning",
                             line=line, column=column, value=value, rows=rows_note), note=note)

    one("R01_empty_name.csv", "BAD-R01-01", lambda rs: rs[3].update(ho_ten=""),
        "R01", 5, "ho_ten", "", "read 4, accepted 3, rejected 1")
    one("R02_bad_sex_code.csv", "BAD-R02-01", lambda rs: rs[3].update(gioi_tinh="7"),
        "R02", 5, "gioi_tinh", "7", "read 4, accepted 3, rejected 1")
    one("R03_impossible_date.csv", "BAD-R03-01",
        lambda rs: rs[1].update(ngay_sinh="31/02/1990", so_dinh_danh="", bptt=""),
        "R03", 3, "ngay_sinh", "31/02/1990", "read 4, accepted 3, rejected 1",
        note="the wife (stt 2); her line carries no personal number and no method, so nothing else depends on the date",
        head=("Nguyễn Văn Hậu", "12/03/1986"), kids=(("Nguyễn Minh Khang", "1", "20/07/2012"),
                                                     ("Nguyễn Ngọc Hân", "2", "14/02/2016")))

    def r04(rs):
        rs.append(bad_row("BAD-R04-01", 5, "Nguyễn Gia Bảo", "3", "1", "15/01/2024", "", ""))
    one("R04_born_after_ngay_chot.csv", "BAD-R04-01", r04, "R04", 6, "ngay_sinh", "15/01/2024",
        "read 5, accepted 4, rejected 1")

    def r05(rs):
        rs.append(bad_row("BAD-R05-01", 5, "Lê Thị Huỡn", "5", "2", "12/05/1890", "3", "0"))
    one("R05_born_1890.csv", "BAD-R05-01", r05, "R05", 6, "ngay_sinh", "12/05/1890",
        "read 5, accepted 4, rejected 1", note="the head's mother (quan_he 5), aged 133")

    def r06(rs):
        rs.append(bad_row("BAD-R06-02", 1, "Võ Văn Kiệt", "1", "1", "03/04/1970", "1",
                          ma_xa="99999", ma_tinh="", ma_huyen="", dia_chi="Ấp Thạnh Hòa, Tổ 1"))
    one("R06_unknown_commune.csv", "BAD-R06-01", r06, "R06", 6, "ma_xa", "99999",
        "read 5, accepted 4, rejected 1",
        note="a one-person household; ma_tinh and ma_huyen are left empty on that line so no second "
             "disagreement is reported")
    one("R07_malformed_personal_number.csv", "BAD-R07-01",
        lambda rs: rs[0].update(so_dinh_danh="07207801234"),
        "R07", 2, "so_dinh_danh", "07207801234", "read 4, accepted 4 (the number is dropped)")
    one("R08_personal_number_sex_mismatch.csv", "BAD-R08-01",
        lambda rs: rs[1].update(so_dinh_danh="072" + "0" + rs[1]["so_dinh_danh"][4:]),
        "R08", 3, "so_dinh_danh", None, "read 4, accepted 4",
        note="the wife (female, born 1981) with sex/century digit 0 (male, 1900s)")

    def r09(rs):
        rs[:] = [bad_row("BAD-R09-01", 1, "Trần Văn Lực", "1", "1", "09/09/1966", "2", "2", sdd=sdd("1", 1966)),
                 bad_row("BAD-R09-01", 2, "Huỳnh Thị Gấm", "2", "2", "17/01/1969", "2", "2"),
                 bad_row("BAD-R09-01", 3, "Trần Minh Trí", "3", "1", "10/05/2001", "2", "4", sdd=sdd("1", 2001)),
                 bad_row("BAD-R09-01", 4, "Đỗ Thị Kiều Oanh", "8", "2", "20/03/2007", "2", "3",
                         sdd=sdd("2", 2007))]
    one("R09_married_at_16.csv", "BAD-R09-01", r09, "R09", 5, "tinh_trang_hon_nhan", "2",
        "read 4, accepted 4", note="the daughter-in-law (quan_he 8), born 20/03/2007, aged 16, married; "
                                   "her husband (stt 3) is 22")
    one("R10_method_for_man.csv", "BAD-R10-01", lambda rs: (rs[0].update(bptt="1"), rs[1].update(bptt="")),
        "R10", 2, "bptt", "1", "read 4, accepted 4", note="the husband (head) with method 1 (IUD)")

    def r11(rs):
        rs.insert(3, dict(rs[2], ho_ten="Nguyễn Minh Khải"))
    one("R11_same_key_different_names.csv", "BAD-R11-01", r11, "R11", "4 and 5", "stt", "3",
        "read 5, accepted 3, rejected 2", note="stt 3 twice (Nguyễn Minh Khang / Nguyễn Minh Khải): both lines rejected")

    def r12(rs):
        rs[:] = [bad_row("BAD-R12-01", 1, "Phan Văn Thanh", "1", "1", "14/06/1969", "2", "3", sdd=sdd("1", 1969)),
                 bad_row("BAD-R12-01", 2, "Bùi Thị Nga", "2", "2", "22/12/1971", "2", "2"),
                 bad_row("BAD-R12-01", 3, "Phan Văn Thành", "1", "1", "30/08/1973", "1", "3", sdd=sdd("1", 1973))]
    one("R12_two_heads.csv", "BAD-R12-01", r12, "R12", 4, "quan_he_chu_ho", "1", "read 3, accepted 3",
        note="two brothers both coded 1; reported on the second head's line (an implementation may "
             "report the household's first line, 2)")

    def r13(rs):
        rs[:] = [bad_row("BAD-R13-01", 1, "Thạch Sa Rinh", "1", "1", "05/04/2011", "", "2", dan_toc="05"),
                 bad_row("BAD-R13-01", 2, "Thạch Thị Sa Ly", "7", "2", "18/10/2014", "", "1", dan_toc="05")]
    one("R13_head_aged_12.csv", "BAD-R13-01", r13, "R13", 2, "ngay_sinh", "05/04/2011", "read 2, accepted 2",
        note="an orphaned boy of 12 as head, with his younger sister (quan_he 7)")

    def r14(rs):
        rs[:] = [bad_row("BAD-R14-01", 1, "Đặng Văn Tới", "1", "1", "15/05/1980", "3", "3", sdd=sdd("1", 1980)),
                 bad_row("BAD-R14-01", 2, "Đặng Thị Bé", "3", "2", "21/09/1990", "1", "3")]
    one("R14_child_too_close.csv", "BAD-R14-01", r14, "R14", 3, "ngay_sinh", "21/09/1990", "read 2, accepted 2",
        note="a widowed head born 1980 with a child (quan_he 3) born 1990; no spouse listed")

    def r15(rs):
        shared = sdd("1", 1975)
        rs[:] = [bad_row("BAD-R15-01", 1, "Ngô Văn Sang", "1", "1", "02/01/1975", "1", "3", sdd=shared),
                 bad_row("BAD-R15-02", 1, "Dương Văn Sáng", "1", "1", "19/11/1975", "4", "4", sdd=shared,
                         dia_chi="Ấp Thạnh Hòa, Tổ 3")]
    one("R15_duplicate_personal_number.csv", "BAD-R15-01", r15, "R15", 3, "so_dinh_danh", None,
        "read 2, accepted 2",
        note="two men born 1975 in two households share one number (it agrees with both, so no R08); "
             "reported on the second holder's line (an implementation may report both, 2 and 3)")
    one("R16_name_with_digits.csv", "BAD-R16-01", lambda rs: rs[2].update(ho_ten="Nguyễn Văn 3"),
        "R16", 4, "ho_ten", "Nguyễn Văn 3", "read 4, accepted 3, rejected 1")

    def dup(rs):
        rs.insert(4, dict(rs[3]))
    one("DUP_identical_repeat.csv", "BAD-DUP-01", dup, "—", "5 = 6", "—", "",
        "read 5, accepted 4, duplicates 1, no finding",
        note="line 6 repeats line 5 byte for byte: kept once, counted in duplicates, no R11")
    # F04: byte-identical copy of a file that loads
    shutil.copyfile(BAD / "R07_malformed_personal_number.csv", BAD / "F04_resent.csv")
    specs.append(dict(file="F04_resent.csv", rule="F04", severity="info", line="—", column="—", value="",
                      rows="status duplicate, nothing changes",
                      note="byte-identical copy of R07_malformed_personal_number.csv (same sha256): F04 when "
                           "ingested after it; ingested first (alone) it gives R07 like the original"))
    # fill in values where the mutation computed them
    for s in specs:
        if s.get("value") is None:
            text = (BAD / s["file"]).read_text(encoding="utf-8")
            _, kept, _, _ = check_register(text, ",")
            s["value"] = next(r.raw["so_dinh_danh"] for r in kept if r.line == s["line"])
    return specs


def verify_bad(specs):
    for s in specs:
        path = BAD / s["file"]
        data = path.read_bytes()
        if s["rule"] == "F01":
            try:
                data.decode("utf-8")
                raise AssertionError(f"{path.name} decodes as UTF-8")
            except UnicodeDecodeError:
                pass
            assert not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
            if "binary" in s["file"]:
                assert b"\x00" in data
            else:
                t = data.decode("cp1258")
                vietnamese = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")
                assert not vietnamese & set(t) and set("äöüß") <= set(t)
            continue
        if s["rule"] == "F04":
            assert data == (BAD / "R07_malformed_personal_number.csv").read_bytes()
            continue
        text = data.decode("utf-8")
        assert unicodedata.normalize("NFC", text) == text
        if s["rule"] == "F03":
            try:
                read_records(text, ",")
                raise AssertionError("F03 file parses")
            except csv.Error:
                pass
            lines = text.split("\n")
            rest = "\n".join(lines[:3] + lines[4:])
            findings, kept, dups, _ = check_register(rest, ",")
            assert not findings and len(kept) == 5, findings
            continue
        findings, kept, dups, _ = check_register(text, ",")
        got = sorted({(f[0], f[1], f[2]) for f in findings})
        if s["rule"] == "—":
            assert not findings and dups == 1, findings
            continue
        lines = [s["line"]] if isinstance(s["line"], int) else [int(x) for x in re.findall(r"\d+", str(s["line"]))]
        want = sorted((s["rule"], l, s["column"]) for l in lines)
        assert got == want, (s["file"], got, want)
        assert all(r.raw["ma_xa"] in ("25492", "99999") and r.raw["ma_ho"].startswith("BAD-") for r in kept)


# --------------------------------------------------------------------------- README

def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def write_readme(counts, good_files, changes, specs, people_stats):
    c23, c24 = counts["2023-12-31"], counts["2024-06-30"]
    names = {"25489": ("Xã Tân Lập", "705", "Huyện Tân Biên"),
             "25519": ("Xã Tân Hà", "706", "Huyện Tân Châu"),
             "25555": ("Xã Suối Đá", "707", "Huyện Dương Minh Châu")}
    keys = ["listed", "resident", "male", "female", "households"]
    rows = []
    for code in ("25489", "25519", "25555"):
        n, dcode, dname = names[code]
        rows.append([f"{code} {n}", f"{dcode} {dname}"] + [c23[code][k] for k in keys])
    prov = {k: sum(c23[c][k] for c in ("25489", "25519", "25555")) for k in keys}
    fig23 = md_table(["commune", "district", "people listed", "resident (1, 2)", "resident males",
                      "resident females", "households with a resident"], rows)
    dist = md_table(["unit", "people listed", "resident", "males", "females", "households"],
                    [[f"district {names[c][1]} {names[c][2]} (only commune {c} in the samples)"]
                     + [c23[c][k] for k in keys] for c in ("25489", "25519", "25555")]
                    + [["province 72 Tỉnh Tây Ninh (sum of the three)"] + [prov[k] for k in keys]])
    fig24 = md_table(["unit", "people listed", "resident", "males", "females", "households"],
                     [["25489 Xã Tân Lập = district 705 (as of 30/06/2024)"] + [c24["25489"][k] for k in keys],
                      ["province 72 as of 30/06/2024 (Tân Lập replaced; Tân Hà and Suối Đá still as of 31/12/2023)"]
                      + [c24["25489"][k] + c23["25519"][k] + c23["25555"][k] for k in keys]])
    files = md_table(["file", "commune", "encoding", "delimiter", "line ends", "header style",
                      "lines (people)", "households", "areas"],
                     [[f"`{g['file']}`", g["commune"], g["encoding"], g["delimiter"], g["newline"],
                       g["headers"], g["people"], g["households"], g["areas"]] for g in good_files])
    bad = md_table(["file", "expected rule", "severity", "line", "column", "value", "rows", "notes"],
                   [[f"`bad/{s['file']}`", s["rule"], s["severity"], s["line"], s["column"],
                     f"`{s['value']}`" if s["value"] else "", s["rows"], s.get("note", "")] for s in specs])
    change_list = "\n".join(f"- {c}" for c in changes)
    text = f"""# Sample feeds

Committed sample input for danso, written by `scripts/make_sample_feeds.py` (Python 3,
standard library, fixed seeds: re-running it gives byte-identical files; do not edit the
files by hand, change the script). The data are invented but shaped like real household
registers (Sổ A0) of three communes of the former Tây Ninh province (72), as of 31/12/2023,
following `feeds.md` (§1 files, §2 register, §4 code lists, §5 personal numbers, §6 checks).
`reference/` holds copies of the reference lists and is not written by the script.

## Good files: they must give no error and no warning

{files}

- `a0_25489_tan_lap_2023-12-31.csv`: UTF-8 without BOM, comma, LF; all 21 machine-name
  columns in table order. Addresses hold a comma, so they are quoted; one address
  (a one-person household) holds a line break inside its quotes, another one a doubled quote
  (`""Ba Lượm""`), so physical line numbers run ahead of record numbers after them.
- `a0_25519_tan_ha_2023-12-31.csv`: Windows-1258, semicolon, CRLF, Vietnamese labels with
  diacritics in another column order; no `Mã tỉnh`, `Mã huyện`, `Mã CTV`, `Số thẻ BHYT`,
  `Ngày cập nhật`. Sex, residence status and ethnicity are written as labels (`Nam`, `Nữ`,
  `Thường trú`, `Tạm trú`, `Vắng mặt dài hạn`, `Kinh`, `Khmer`, `Hoa`, `Chăm`). Tone marks are
  combining characters after a precomposed base (`ê` + U+0301 for `ế`), as Windows writes
  CP1258; the text is NFC once decoded.
- `a0_25555_suoi_da_2023-12-31.csv`: TCVN3 (TCVN 5712:1993, `iconv -t TCVN5712-1`), tab, CRLF,
  headers in UPPERCASE without diacritics (`NGAY CHOT SO`, `MA XA`, `STT THANH VIEN`, `HO VA TEN`,
  …), another column order. No byte in 0x01–0x17 (the TCVN capitals Ú Ụ Ừ Ứ Ử Ữ Ự Ỳ Ý Ỷ Ỹ Ỵ that
  live there are avoided), so the file looks like text. A few dates are `dd-mm-yyyy`.
- `a0_25489_tan_lap_2024-06-30.csv`: the same commune half a year later, as Excel
  "Unicode text": UTF-16LE with BOM, tab, CRLF, Vietnamese labels, all columns. It lists every
  collaborator area (dia_ban 1–4) of the commune, so it is a whole-commune register: the people
  and the household it no longer lists are closed (register reconciliation).

Content: Vietnamese names with diacritics (children take the father's family name; women
mostly with middle name `Thị`); Kinh (01) with Khmer (05), Hoa (06) and Chăm (14) households;
one head (quan_he 1) per household, aged 15 or more; children (3) at least 18 years younger
than the head and the spouse; grandchildren (4), parents (5), siblings (7), children-in-law (8),
others (9). Elderly people born in the 1930s–1940s sometimes have partial birth dates (`yyyy`,
`mm/yyyy`). Dates are mostly `dd/mm/yyyy`, some `d/m/yyyy` and ISO `yyyy-mm-dd`. Marital
status is given from age 15 (married, widowed, divorced or separated only from 18 for women,
20 for men) and empty below; contraceptive method only for married women aged 15–49 (on both
31/12/2023 and 30/06/2024); personal numbers (`072` + sex/century digit + 2-digit birth year +
6-digit serial, unique across all sample files) for most people aged 14 or more and some
children; health insurance cards (`GD4`, `TE1`, `HS4`, `HT2`, `HN2` + `72` + 10 digits) for some;
`ngay_cap_nhat` on some lines, never after `ngay_chot`.

{people_stats}

## Expected figures (computed by the script from the files themselves)

Definitions (indicators.md): *listed* = lines (people) in the register; *resident* = residence
status 1 (Thường trú) or 2 (Tạm trú), alive at the date (everyone listed is alive);
*males*/*females* = resident by sex; *households* = households with at least one resident
member (a household whose members are all status 3 is listed but not counted). The same figures
are in `expected_counts.json`.

### As of 31/12/2023

{fig23}

Per district and for the province (each district is represented by one commune only):

{dist}

### As of 30/06/2024 (after `a0_25489_tan_lap_2024-06-30.csv`)

People no longer listed are gone. Changes from the 2023 register of Tân Lập:

{change_list}

{fig24}

## Bad files (`bad/`): one check each

UTF-8, comma, LF, machine-name headers, ngay_chot 31/12/2023, commune 25492 (Xã Thạnh Bắc,
district 705), household codes starting `BAD-`, so they never touch the sample communes, and
personal numbers (serials 9xxxxx) that appear nowhere else. Each one gives exactly the rule
shown and no other finding. Lines are physical lines, the header being line 1. File-level F01
findings carry no line. The faulty person is never the household head (except where the
rule is about the head), so rejecting the line leaves a sound household behind.

{bad}

Notes:
- F03: where a reader resumes after an unterminated quote is its own choice. All the file
  promises is F03 on line 4 and nothing else; lines 5–7 contain no quote character, so a reader
  that restarts at the next physical line loads them as a complete household.
- F04 needs history: ingest `R07_malformed_personal_number.csv` first (R07 warning, 4 rows
  loaded), then `F04_resent.csv`: same sha256, status `duplicate`, F04 info, nothing changes.
- R12 and R15 are about several lines; the table gives the line the script reports (the second
  head, the second holder of the number). An implementation that reports the household's first
  line or both holders is still right if it reports the rule once per household / pair.
- R06: the unknown commune is on a separate one-person household (`BAD-R06-02`) whose `ma_tinh`
  and `ma_huyen` cells are empty, so no province/district disagreement is reported besides it.
- DUP: expects no finding at all, and `duplicates` = 1.

Regenerate: `python3 scripts/make_sample_feeds.py` (needs `/usr/bin/iconv` with TCVN5712-1, as
in glibc). The script re-reads every file it wrote, checks the good ones against §6 (no finding),
the bad ones against the table above, and stops if anything is off.
"""
    (OUT / "README.md").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main

def main():
    OUT.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    for old in sorted(BAD.glob("*.csv")):
        old.unlink()
    serials = SerialPool(SEED)
    built = {}
    for c in COMMUNES:
        hhs = Builder(c, serials).build()
        unit = UNITS[c.code]
        for hh in hhs:
            UNITS_BY_MA_HO[hh.ma_ho] = unit
        built[c.code] = hhs

    # Tân Lập: two one-person households get the special addresses
    tl = built["25489"]
    singles = [hh for hh in tl if len(hh.members) == 1 and hh.members[0].res == "1"]
    singles[0].address = singles[0].address + "\n(hẻm cạnh trường tiểu học Tân Lập)"
    a, b = singles[1].address.split(", ")
    singles[1].address = f'{a}, {b}, cạnh tiệm tạp hóa "Ba Lượm"'

    layouts = {
        "25489": Layout("utf-8", ",", "\n", "machine", COLS),
        "25519": Layout("cp1258", ";", "\r\n", "label",
                        ["ngay_chot", "ma_xa", "dia_ban", "ma_ho", "stt", "ho_ten", "gioi_tinh",
                         "ngay_sinh", "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan",
                         "tinh_trang_cu_tru", "trinh_do_hoc_van", "bptt", "so_dinh_danh", "dia_chi"],
                        labels_for_codes=True),
        "25555": Layout("tcvn3", "\t", "\r\n", "folded",
                        ["ma_xa", "dia_ban", "ma_ctv", "ma_ho", "stt", "ho_ten", "ngay_sinh",
                         "gioi_tinh", "dan_toc", "quan_he_chu_ho", "so_dinh_danh", "so_the_bhyt",
                         "tinh_trang_cu_tru", "tinh_trang_hon_nhan", "trinh_do_hoc_van", "bptt",
                         "dia_chi", "ma_tinh", "ma_huyen", "ngay_chot", "ngay_cap_nhat"]),
    }
    enc_names = {"utf-8": "UTF-8, no BOM", "cp1258": "Windows-1258", "tcvn3": "TCVN3 (TCVN5712-1)",
                 "utf-16le-bom": "UTF-16LE + BOM"}
    delim_names = {",": "comma", ";": "semicolon", "\t": "tab"}
    head_names = {"machine": "machine names", "label": "Vietnamese labels",
                  "folded": "UPPERCASE, no diacritics"}
    counts = {"2023-12-31": {}, "2024-06-30": {}}
    good = []
    stats = []
    for c in COMMUNES:
        path = OUT / f"a0_{c.code}_{c.slug}_2023-12-31.csv"
        lay = layouts[c.code]
        write_register(path, built[c.code], lay, CHOT_2023)
        kept, chot = verify_good(path, lay)
        assert chot == CHOT_2023
        counts["2023-12-31"][c.code] = figures(kept)
        good.append(dict(file=path.name, commune=c.code, encoding=enc_names[lay.encoding],
                         delimiter=delim_names[lay.delimiter], newline="LF" if lay.newline == "\n" else "CRLF",
                         headers=head_names[lay.header_style], people=len(kept),
                         households=len(built[c.code]), areas=len(c.households_per_area)))
        stats.append(describe(c.code, kept))

    # Tân Lập half a year later
    later, changes, gone = half_year_later(built["25489"], random.Random(SEED + 2024), serials)
    path = OUT / "a0_25489_tan_lap_2024-06-30.csv"
    lay = Layout("utf-16le-bom", "\t", "\r\n", "label", COLS)
    write_register(path, later, lay, CHOT_2024)
    kept, chot = verify_good(path, lay)
    assert chot == CHOT_2024
    assert {r.raw["dia_ban"] for r in kept} == {str(i) for i in range(1, 5)}
    counts["2024-06-30"]["25489"] = figures(kept)
    good.append(dict(file=path.name, commune="25489", encoding=enc_names[lay.encoding], delimiter="tab",
                     newline="CRLF", headers=head_names["label"], people=len(kept), households=len(later),
                     areas=4))
    # personal numbers unique across all good files (same person keeps hers in 2024)
    owners = {}
    for g in good:
        layout = layouts.get(g["commune"]) if "2024" not in g["file"] else lay
        text = decode((OUT / g["file"]).read_bytes(), layout.encoding)
        _, recs, _, _ = check_register(text, layout.delimiter)
        for r in recs:
            if r.raw.get("so_dinh_danh"):
                who = (r.raw["ma_xa"], r.raw["ma_ho"], r.raw["stt"], r.raw["ho_ten"])
                assert owners.setdefault(r.raw["so_dinh_danh"], who) == who, (r.raw["so_dinh_danh"], who)

    specs = make_bad_files()
    verify_bad(specs)
    for s in specs:
        bad_numbers = re.findall(rb"\d{12}", (BAD / s["file"]).read_bytes())
        assert not any(n.decode() in owners for n in bad_numbers)

    (OUT / "expected_counts.json").write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n",
                                              encoding="utf-8")
    write_readme(counts, good, changes, specs, "\n".join(stats))
    for p in sorted(list(OUT.glob("*.csv")) + list(BAD.glob("*.csv"))):
        print(f"{hashlib.sha256(p.read_bytes()).hexdigest()[:12]}  {p.relative_to(ROOT)}")
    print(json.dumps(counts, indent=1, sort_keys=True))


def describe(code, kept):
    eth = {}
    res = {}
    partial = 0
    for r in kept:
        eth[r.v["dan_toc"]] = eth.get(r.v["dan_toc"], 0) + 1
        res[r.v["tinh_trang_cu_tru"]] = res.get(r.v["tinh_trang_cu_tru"], 0) + 1
        partial += r.v["born"].d is None
    hh = len({r.raw["ma_ho"] for r in kept})
    e = ", ".join(f"{ETHNIC[k]} {v}" for k, v in sorted(eth.items()))
    s = ", ".join(f"{k}: {v}" for k, v in sorted(res.items()))
    sizes = [sum(1 for r in kept if r.raw["ma_ho"] == m) for m in sorted({r.raw["ma_ho"] for r in kept})]
    assert all(k in res for k in "123"), (code, res)
    assert partial >= 1
    return (f"- {code}: {len(kept)} people in {hh} households (mean size {len(kept) / hh:.2f}, "
            f"{min(sizes)}–{max(sizes)}); ethnicity: {e}; residence status {s}; "
            f"{partial} partial birth dates.")


if __name__ == "__main__":
    main()
