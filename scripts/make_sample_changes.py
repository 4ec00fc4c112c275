#!/usr/bin/env python3
"""(Re)generate danso's committed sample monthly change files (P0) for 2024.

    python3 scripts/make_sample_changes.py

Run it after `scripts/make_sample_feeds.py` (which writes the household registers A0 this
script builds on, and rewrites sample-feeds/README.md without the section added here).
Writes, under sample-feeds/:

  changes/p0_<commune>_<yyyy-mm>.csv  twelve monthly files (01/2024 … 12/2024) for each of
                                      25489, 25519 and 25555
  bad/E01_*.csv … bad/E11_*.csv        one small change file per rule E01–E11 of feeds.md §6
  expected_changes.json               month-end populations and event counts for 2024
  README.md                           the section "Monthly change files" (replaced if present)

Standard library only (plus `/usr/bin/iconv` through make_sample_feeds for the TCVN3
register), fixed seeds: running it twice gives byte-identical files.

How it works. The A0 registers as of 31/12/2023 (and the whole-commune register of 25489 as
of 30/06/2024) are read back from their bytes with make_sample_feeds' decoder and checks.
A list of intended events ("stories", chosen by hand below, plus contraceptive-method changes
drawn with a fixed seed to fill each month to 6–9 slips) is realised in event-date order on a
simulated register, which gives every slip its fields (new member numbers, birth order, the
subject's name and personal number, …). Then, independently of that simulation, the written
files are decoded again and
  * checked in the order a warehouse would ingest them (A0 2023-12-31, the monthly files in
    order, the 25489 register of 2024-06-30 between June and July) against the E rules of
    feeds.md §6: the only findings allowed are the E01 warnings of the late reports; and
  * replayed in event-date order (SUA replaces the original slip's content, HUY removes it,
    the re-sent slip counts once, a late report counts at its event date) to compute the
    month-end figures of expected_changes.json.
The bad files are checked the same way against the 2023-12-31 register of 25489 alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_sample_feeds as msf  # noqa: E402

OUT = msf.OUT
CHANGES = OUT / "changes"
BAD = OUT / "bad"
YEAR = 2024
SEED = 20240101
CHOT_2024 = dt.date(2024, 6, 30)

# --------------------------------------------------------------------------- contract (feeds.md §3)

P0_COLS = [
    "ky_bao_cao", "ma_xa", "dia_ban", "ma_ctv", "nguon", "ma_phieu", "loai_bien_dong",
    "ngay_su_kien", "ma_ho", "stt", "so_dinh_danh", "ho_ten", "gioi_tinh", "ngay_sinh",
    "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan", "tinh_trang_cu_tru",
    "trinh_do_hoc_van", "me_stt", "me_so_dinh_danh", "thu_tu_con", "noi_sinh", "noi_den_di",
    "bptt", "vo_chong_ho_ten", "vo_chong_ngay_sinh", "vo_chong_so_dinh_danh", "ma_phieu_goc",
    "ghi_chu",
]
P0_LABELS = {
    "ky_bao_cao": "Kỳ báo cáo", "ma_xa": "Mã xã", "dia_ban": "Địa bàn", "ma_ctv": "Mã CTV",
    "nguon": "Nguồn cập nhật", "ma_phieu": "Mã phiếu", "loai_bien_dong": "Loại biến động",
    "ngay_su_kien": "Ngày xảy ra", "ma_ho": "Mã hộ", "stt": "STT thành viên",
    "so_dinh_danh": "Số định danh cá nhân", "ho_ten": "Họ và tên", "gioi_tinh": "Giới tính",
    "ngay_sinh": "Ngày sinh", "dan_toc": "Dân tộc", "quan_he_chu_ho": "Quan hệ với chủ hộ",
    "tinh_trang_hon_nhan": "Tình trạng hôn nhân", "tinh_trang_cu_tru": "Tình trạng cư trú",
    "trinh_do_hoc_van": "Trình độ học vấn", "me_stt": "STT của mẹ",
    "me_so_dinh_danh": "Số định danh của mẹ", "thu_tu_con": "Con thứ", "noi_sinh": "Nơi sinh",
    "noi_den_di": "Nơi đến/đi", "bptt": "BPTT mới", "vo_chong_ho_ten": "Họ tên vợ/chồng",
    "vo_chong_ngay_sinh": "Ngày sinh vợ/chồng", "vo_chong_so_dinh_danh": "Số định danh vợ/chồng",
    "ma_phieu_goc": "Mã phiếu gốc", "ghi_chu": "Ghi chú",
}
ALWAYS = ["ky_bao_cao", "ma_xa", "ma_phieu", "loai_bien_dong", "ngay_su_kien", "ma_ho", "stt"]
REQUIRED_BY_TYPE = {
    "SINH": ["ho_ten", "gioi_tinh", "ngay_sinh", "dan_toc", "quan_he_chu_ho", "thu_tu_con", "noi_sinh"],
    "DEN": ["ho_ten", "gioi_tinh", "ngay_sinh", "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan",
            "tinh_trang_cu_tru", "noi_den_di"],
    "DI": ["noi_den_di"], "BPTT": ["bptt"], "KET_HON": ["vo_chong_ho_ten", "vo_chong_ngay_sinh"],
    "SUA": ["ma_phieu_goc"], "HUY": ["ma_phieu_goc"],
    "CHET": [], "LY_HON": [], "MANG_THAI": [], "SLTS": [], "SLSS": [],
}
EVENT_TYPES = ["SINH", "CHET", "DI", "DEN", "KET_HON", "LY_HON", "BPTT", "MANG_THAI", "SLTS", "SLSS"]
ALL_TYPES = EVENT_TYPES + ["SUA", "HUY"]
P0_HEADER_INDEX = {}
for _c in P0_COLS:
    P0_HEADER_INDEX[msf.header_key(_c)] = _c
    P0_HEADER_INDEX[msf.header_key(P0_LABELS[_c])] = _c


def load_provinces():
    rows = {}
    with open(msf.find_reference("provinces.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["province_code"], []).append(r)
    return rows


PROVINCES = load_provinces()


def place_valid(code: str, day: dt.date) -> bool:
    """noi_den_di (feeds.md §3/§4): a commune valid at the date, a province valid at the date, or NN."""
    if code == "NN":
        return True
    if re.fullmatch(r"\d{5}", code):
        return code in msf.UNITS and day <= dt.date(2025, 6, 30)
    if re.fullmatch(r"\d{2}", code):
        for r in PROVINCES.get(code, []):
            lo = dt.date.fromisoformat(r["valid_from"]) if r["valid_from"] else dt.date.min
            hi = dt.date.fromisoformat(r["valid_to"]) if r["valid_to"] else dt.date.max
            if lo <= day <= hi:
                return True
    return False


# --------------------------------------------------------------------------- the communes

@dataclass
class CommuneSpec:
    code: str
    slug: str
    prefix: str
    a0: str
    a0_encoding: str
    a0_delimiter: str
    encoding: str          # of the change files: utf-8, utf-8-bom, cp1258
    delimiter: str
    crlf_months: set
    header_style: str      # machine | label
    columns: list
    month_style: str       # mm/yyyy | yyyy-mm
    event_date_style: str  # dmy | iso
    nguon: list


COMMUNES = [
    CommuneSpec("25489", "tan_lap", "TL", "a0_25489_tan_lap_2023-12-31.csv", "utf-8", ",",
                "utf-8", ",", {3, 7, 11}, "machine", P0_COLS, "mm/yyyy", "dmy",
                [("DI_DONG", 50), ("WEB", 40), ("GIAY", 10)]),
    CommuneSpec("25519", "tan_ha", "TH", "a0_25519_tan_ha_2023-12-31.csv", "cp1258", ";",
                "cp1258", ";", set(range(1, 13)), "machine",
                ["ma_xa", "ky_bao_cao", "ma_phieu", "nguon", "dia_ban", "ma_ctv", "ngay_su_kien",
                 "loai_bien_dong", "ma_ho", "stt", "ho_ten", "so_dinh_danh", "gioi_tinh", "ngay_sinh",
                 "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan", "tinh_trang_cu_tru",
                 "trinh_do_hoc_van", "me_stt", "thu_tu_con", "noi_sinh", "noi_den_di", "bptt",
                 "vo_chong_ho_ten", "vo_chong_ngay_sinh", "ma_phieu_goc", "ghi_chu"],
                "mm/yyyy", "dmy", [("WEB", 45), ("GIAY", 30), ("DI_DONG", 25)]),
    CommuneSpec("25555", "suoi_da", "SD", "a0_25555_suoi_da_2023-12-31.csv", "tcvn3", "\t",
                "utf-8-bom", ",", {2, 6, 9, 12}, "label",
                ["ky_bao_cao", "ma_xa", "dia_ban", "ma_ctv", "ma_phieu", "nguon", "loai_bien_dong",
                 "ma_phieu_goc", "ngay_su_kien", "ma_ho", "stt", "ho_ten", "so_dinh_danh", "ngay_sinh",
                 "gioi_tinh", "dan_toc", "quan_he_chu_ho", "tinh_trang_hon_nhan", "tinh_trang_cu_tru",
                 "trinh_do_hoc_van", "me_stt", "me_so_dinh_danh", "thu_tu_con", "noi_sinh", "bptt",
                 "noi_den_di", "vo_chong_ho_ten", "vo_chong_ngay_sinh", "vo_chong_so_dinh_danh",
                 "ghi_chu"],
                "yyyy-mm", "iso", [("DI_DONG", 55), ("WEB", 35), ("GIAY", 10)]),
]
SPEC = {c.code: c for c in COMMUNES}
LATER_25489 = ("a0_25489_tan_lap_2024-06-30.csv", "utf-16le-bom", "\t")

# --------------------------------------------------------------------------- dates


def d(m: int, day: int) -> dt.date:
    return dt.date(YEAR, m, day)


def dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_end(m: int) -> dt.date:
    return (dt.date(YEAR, m, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def parse_full_date(text: str) -> Optional[dt.date]:
    b = msf.parse_date(text, False)
    return b.earliest() if b else None


def parse_month(text: str) -> Optional[dt.date]:
    t = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", t) or None
    if m:
        return dt.date(int(m.group(2)), int(m.group(1)), 1)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", t)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    return None


# --------------------------------------------------------------------------- the register model


@dataclass
class Person:
    ma_ho: str
    stt: int
    name: str
    sex: str
    born: msf.BDate
    eth: str
    rel: str
    mar: str
    res: str
    bptt: str
    sdd: str
    edu: str
    area: int
    alive: bool = True
    present: bool = True

    @property
    def key(self):
        return (self.ma_ho, self.stt)

    @property
    def here(self) -> bool:
        return self.alive and self.present

    def age(self, day: dt.date) -> int:
        return msf.age_at(self.born, day)


class Register:
    """People of one commune keyed by (ma_ho, stt), with every member number ever used."""

    def __init__(self, code: str, people):
        self.code = code
        self.people = {p.key: p for p in people}
        self.used = {}
        self.area = {}
        for p in people:
            self.used.setdefault(p.ma_ho, set()).add(p.stt)
            self.area[p.ma_ho] = p.area

    def copy(self) -> "Register":
        import copy
        return copy.deepcopy(self)

    def get(self, ma_ho, stt) -> Optional[Person]:
        return self.people.get((ma_ho, stt))

    def members(self, ma_ho):
        return [p for p in self.people.values() if p.ma_ho == ma_ho and p.here]

    def add(self, p: Person):
        self.people[p.key] = p
        self.used.setdefault(p.ma_ho, set()).add(p.stt)

    def next_stt(self, ma_ho) -> int:
        return max(self.used.get(ma_ho, {0})) + 1

    def replace_with(self, people):
        """A whole-commune register replaces the state as of its date (feeds.md §2)."""
        self.people = {p.key: p for p in people}
        for p in people:
            self.used.setdefault(p.ma_ho, set()).add(p.stt)
            self.area[p.ma_ho] = p.area

    def figures(self):
        res = [p for p in self.people.values() if p.here and p.res in ("1", "2")]
        return {
            "listed": sum(1 for p in self.people.values() if p.here),
            "resident": len(res),
            "male": sum(1 for p in res if p.sex == "1"),
            "female": sum(1 for p in res if p.sex == "2"),
            "households": len({p.ma_ho for p in res}),
        }


def child_rel(mother: Person) -> Optional[str]:
    """The relationship code of a woman's children in her household: the head's and spouse's
    children are 3, the children of a married child and a child-in-law are 4."""
    return {"1": "3", "2": "3", "3": "4", "8": "4"}.get(mother.rel)


def children_listed(reg: Register, mother: Person) -> int:
    rel = child_rel(mother)
    return sum(1 for p in reg.members(mother.ma_ho) if p.rel == rel)


def husband_of(reg: Register, mother: Person) -> Optional[Person]:
    want = {"1": ("2",), "2": ("1",), "3": ("8",), "8": ("3",)}.get(mother.rel, ())
    for p in reg.members(mother.ma_ho):
        if p.rel in want and p.sex == "1" and p.mar == "2":
            return p
    return None


def read_register(fname, enc, delim) -> tuple:
    text = msf.decode((OUT / fname).read_bytes(), enc)
    findings, kept, dups, chot = msf.check_register(text, delim)
    assert not findings and not dups, (fname, findings[:5])
    people = []
    for r in kept:
        v = r.v
        people.append(Person(r.raw["ma_ho"], int(r.raw["stt"]), r.raw["ho_ten"], v["gioi_tinh"], v["born"],
                             v["dan_toc"], v["quan_he_chu_ho"], v["tinh_trang_hon_nhan"] or "",
                             v["tinh_trang_cu_tru"], v["bptt"] or "", r.raw.get("so_dinh_danh", ""),
                             v["trinh_do_hoc_van"] or "", int(r.raw["dia_ban"])))
    return people, chot


def load_a0(code: str) -> Register:
    c = SPEC[code]
    people, chot = read_register(c.a0, c.a0_encoding, c.a0_delimiter)
    assert chot == dt.date(2023, 12, 31)
    return Register(code, people)


def load_later_25489():
    people, chot = read_register(*LATER_25489)
    assert chot == CHOT_2024
    return people


# --------------------------------------------------------------------------- personal numbers


class Numbers:
    """New personal numbers (feeds.md §5) whose serial is used nowhere in the sample files."""

    def __init__(self, taken):
        self.rng = random.Random(SEED + 7)
        self.used = {int(n[6:]) for n in taken}
        self.used |= set(range(900000, 1000000))   # the bad A0 files use serials 9xxxxx

    def __call__(self, province: str, sex: str, born: dt.date) -> str:
        while True:
            s = self.rng.randint(100000, 899999)
            if s not in self.used:
                self.used.add(s)
                break
        century = {19: 0, 20: 2}[born.year // 100]
        return f"0{province}{century + (1 if sex == '2' else 0)}{born.year % 100:02d}{s:06d}"


# --------------------------------------------------------------------------- intents

@dataclass
class Intent:
    seq: int
    kind: str
    date: dt.date
    ma_ho: str
    stt: Optional[int] = None
    p: dict = field(default_factory=dict)
    report: Optional[int] = None       # reporting month; default: the event's month
    mistake: bool = False              # sent by mistake, withdrawn later (HUY): never applied
    huy: Optional[tuple] = None        # (report month, date, note) of the HUY
    wrong: Optional[dict] = None       # fields as first sent, corrected later by SUA
    sua: Optional[tuple] = None        # (report month, note) of the SUA
    resend: Optional[int] = None       # month whose file repeats the line
    note: str = ""
    tag: Optional[str] = None          # special case (README)
    filler: bool = False
    ref: Optional["Intent"] = None     # SLSS: the SINH of the newborn
    key: Optional[tuple] = None        # subject key once realised
    slip: Optional[dict] = None        # fields of the slip as sent (correct content)


@dataclass
class Slip:
    commune: str
    month: int                         # the file it is in
    fields: dict
    intent: Optional[Intent] = None
    role: str = "event"                # event | original | sua | huy | resend | mistake
    target: Optional["Slip"] = None    # SUA / HUY: the slip corrected or withdrawn
    line: int = 0
    tag: Optional[str] = None


class Plan:
    def __init__(self, code: str, rng: random.Random):
        self.code = code
        self.rng = rng
        self.intents = []

    def add(self, kind, date, ma_ho, stt=None, **kw) -> Intent:
        it = Intent(len(self.intents), kind, date, ma_ho, stt)
        for k in ("report", "mistake", "huy", "wrong", "sua", "resend", "note", "tag", "ref", "filler"):
            if k in kw:
                setattr(it, k, kw.pop(k))
        it.p = kw
        self.intents.append(it)
        return it

    def pregnancy(self, ma_ho, stt, mang_thai=None, slts=(), birth=None, slss=None, after=None,
                  stop=None, baby=None, **kw):
        """A pregnancy: optional method stop, MANG_THAI, SLTS, SINH, SLSS, post-partum method."""
        out = {}
        if stop:
            out["stop"] = self.add("BPTT", stop, ma_ho, stt, bptt="0",
                                   note=kw.pop("stop_note", "Ngừng BPTT, muốn sinh thêm con"))
        if mang_thai:
            out["mt"] = self.add("MANG_THAI", mang_thai, ma_ho, stt)
        for s in slts:
            self.add("SLTS", s, ma_ho, stt)
        if birth:
            out["sinh"] = self.add("SINH", birth, ma_ho, None, mother=stt, **(baby or {}), **kw)
            if slss:
                out["slss"] = self.add("SLSS", slss, ma_ho, None, ref=out["sinh"])
        if after:
            day, method = after
            self.add("BPTT", day, ma_ho, stt, bptt=method, note="Áp dụng BPTT sau sinh")
        return out


# --------------------------------------------------------------------------- the stories

def stories_25489(pl: Plan):
    """Tân Lập. January–June: exactly the events behind a0_25489_tan_lap_2024-06-30.csv, plus
    pregnancies and screenings; July–December: anything."""
    # the three births of the later register (same stt, names, dates), with their pregnancies
    pl.pregnancy("TL04007", 2, mang_thai=d(1, 9), slts=[d(1, 23)], birth=d(3, 11), slss=d(3, 13),
                 after=(d(7, 8), "1"), baby=dict(name="Trịnh Phúc Khải", sex="1", noi_sinh="1", expect_stt=4))
    pl.pregnancy("TL01004", 2, mang_thai=d(1, 16), slts=[d(2, 6), d(3, 27)], birth=d(4, 26), slss=d(4, 28),
                 after=(d(7, 15), "6"), baby=dict(name="Trần Văn Lâm", sex="1", noi_sinh="1", expect_stt=3))
    pl.pregnancy("TL02001", 4, mang_thai=d(1, 18), slts=[d(2, 20), d(4, 3)], birth=d(5, 2), slss=d(5, 6),
                 after=(d(8, 12), "2"), baby=dict(name="Phạm Minh Hào", sex="1", noi_sinh="1", expect_stt=8))
    # births of the second half year, pregnancies recorded in the first
    pl.pregnancy("TL03005", 2, mang_thai=d(1, 25), slts=[d(2, 29), d(5, 15)], birth=d(8, 19), slss=d(8, 22),
                 after=(d(10, 24), "2"), baby=dict(noi_sinh="1"))
    pl.pregnancy("TL03014", 4, mang_thai=d(2, 27), slts=[d(4, 18), d(5, 30)], birth=d(10, 8), slss=d(10, 10),
                 after=(d(12, 10), "1"), baby=dict(noi_sinh="1"))
    # the register's other differences
    pl.add("CHET", d(2, 27), "TL01010", 4, report=3, tag="late",
           note="Báo muộn: cụ mất ngày 27/02/2024, gia đình báo tháng 3")
    pl.add("KET_HON", d(3, 12), "TL02008", 5, spouse=("Võ Minh Trí", dt.date(1999, 7, 14), ""))
    pl.add("BPTT", d(4, 9), "TL01015", 2, bptt="1", note="Chuyển từ thuốc uống sang đặt vòng")
    pl.add("DI", d(5, 14), "TL04009", 3, place="79", note="Chuyển đến TP. Hồ Chí Minh làm việc")
    for stt in range(1, 6):
        pl.add("DI", d(6, 20), "TL02006", stt, place="25852",
               note="Cả hộ chuyển đến phường Tân Định, thành phố Bến Cát, Bình Dương")
    # a pregnancy of the March bride (birth in 2025)
    pl.pregnancy("TL02008", 5, mang_thai=d(6, 18), slts=[d(8, 14), d(10, 16)])
    # ---- July–December
    pl.add("KET_HON", d(7, 6), "TL04001", 3, spouse=("Ngô Thị Mỹ Duyên", dt.date(1999, 2, 11), "@bride_duyen"))
    pl.add("DEN", d(7, 15), "TL04001", None, place="28018",
           person=dict(name="Ngô Thị Mỹ Duyên", sex="2", born=dt.date(1999, 2, 11), eth="01", rel="8",
                       mar="2", res="1", edu="4", sdd="@bride_duyen", province="80"),
           note="Về làm dâu, chuyển từ xã Mỹ Yên, huyện Bến Lức, Long An")
    pl.pregnancy("TL04001", "@den", mang_thai=d(7, 23), slts=[d(8, 28), d(10, 21)], birth=d(12, 3),
                 slss=d(12, 5), baby=dict(noi_sinh="1"))
    pl.add("KET_HON", d(7, 20), "TL04008", 3,
           spouse=("Lê Gia Hân", dt.date(2005, 1, 13), "072305840184"))
    pl.add("DEN", d(8, 5), "TL04008", None, place="25519", tag="move_den",
           person=dict(name="Lê Gia Hân", sex="2", born=dt.date(2005, 1, 13), eth="01", rel="8", mar="2",
                       res="1", edu="4", sdd="072305840184"),
           note="Chuyển từ xã Tân Hà, huyện Tân Châu về nhà chồng")
    pl.pregnancy("TL04008", "@den", mang_thai=d(11, 25), slts=[d(12, 18)])
    pl.add("MANG_THAI", d(11, 25), "TL04008", "@den", mistake=True,
           huy=(12, d(12, 2), "Phiếu nhập trùng với phiếu mang thai cùng ngày; hủy phiếu trùng"))
    pl.add("BPTT", d(7, 26), "TL01014", 2, bptt="0", note="Ngừng uống thuốc tránh thai")
    pl.add("MANG_THAI", d(9, 27), "TL01014", 2)
    pl.add("SLTS", d(11, 12), "TL01014", 2)
    pl.add("CHET", d(9, 3), "TL03006", 1)
    pl.add("LY_HON", d(9, 10), "TL03011", 1, note="Ly hôn theo quyết định của Tòa án huyện Tân Biên")
    pl.add("DI", d(10, 14), "TL03011", 2, place="74", note="Sau ly hôn, đã ở Bình Dương từ năm 2022")
    pl.add("DI", d(9, 23), "TL01009", 4, place="NN", note="Đi xuất khẩu lao động tại Hàn Quốc")
    pl.add("DEN", d(10, 7), "TL02005", None, place="38",
           person=dict(name="Lê Văn Cường", sex="1", born=dt.date(1986, 6, 14), eth="01", rel="9", mar="2",
                       res="2", edu="3", sdd="@new", province="38"),
           note="Thuê nhà, đăng ký tạm trú; cả hộ chủ nhà đi làm ăn xa")
    pl.add("CHET", d(11, 19), "TL01003", 1)
    pl.add("KET_HON", d(11, 9), "TL03010", 5, spouse=("Trần Quốc Bảo", dt.date(1995, 5, 2), ""))
    pl.add("DI", d(12, 14), "TL03010", 5, place="25495", note="Về nhà chồng ở xã Tân Bình")
    pl.add("BPTT", d(11, 5), "TL04004", 2, bptt="5", wrong={"bptt": "4"},
           sua=(12, "Sửa BPTT: thuốc tiêm (5), phiếu gốc ghi nhầm thuốc cấy (4)"))


def stories_25519(pl: Plan):
    """Tân Hà."""
    pl.pregnancy("TH03009", 2, birth=d(1, 28), report=2, tag="late2", after=(d(4, 15), "1"),
                 baby=dict(noi_sinh="1"), note="Báo muộn: trẻ sinh ngày 28/01/2024")
    pl.pregnancy("TH02002", 2, stop=d(1, 10), mang_thai=d(5, 6), slts=[d(6, 11), d(8, 20)], birth=d(12, 20),
                 slss=d(12, 23), baby=dict(noi_sinh="1"), stop_note="Tháo vòng, muốn sinh con thứ hai")
    sinh = pl.pregnancy("TH03012", 3, mang_thai=d(1, 12), slts=[d(2, 22)], birth=d(5, 14), slss=d(5, 16),
                        after=(d(8, 2), "1"),
                        baby=dict(name="Nguyễn Minh Khôi", sex="1", noi_sinh="1"))["sinh"]
    sinh.wrong = {"gioi_tinh": "2"}
    sinh.sua = (6, "Sửa giới tính: bé trai, phiếu gốc ghi nhầm Nữ")
    sinh.tag = "sua"
    pl.pregnancy("TH03011", 2, mang_thai=d(1, 19), slts=[d(2, 2)], birth=d(3, 30), slss=d(4, 2),
                 after=(d(6, 14), "5"), baby=dict(noi_sinh="2"), note="Sinh tại nhà, có nữ hộ sinh ấp đỡ")
    pl.intents[-2].tag = "slss_next_month"
    pl.pregnancy("TH02008", 2, stop=d(1, 22), mang_thai=d(3, 25), slts=[d(5, 8), d(7, 17)], birth=d(11, 7),
                 slss=d(11, 9), baby=dict(noi_sinh="1"))
    pl.pregnancy("TH02015", 2, stop=d(2, 5), mang_thai=d(6, 24), slts=[d(8, 8), d(10, 3)])
    pl.add("KET_HON", d(2, 18), "TH02004", 3, spouse=("Đặng Thị Kim Thoa", dt.date(1997, 9, 30), ""))
    pl.add("DEN", d(3, 4), "TH02004", None, place="25522",
           person=dict(name="Đặng Thị Kim Thoa", sex="2", born=dt.date(1997, 9, 30), eth="01", rel="8",
                       mar="2", res="1", edu="5", sdd="@new", province="72"),
           note="Về làm dâu; chuyển từ xã Tân Đông")
    pl.pregnancy("TH02004", "@den", mang_thai=d(7, 9), slts=[d(8, 27), d(10, 29)])
    pl.add("CHET", d(2, 14), "TH03008", 5)
    pl.add("DI", d(3, 18), "TH01003", 3, place="79", note="Chuyển vào TP. Hồ Chí Minh, đã có việc làm ổn định")
    pl.add("DI", d(4, 22), "TH03013", 3, place="79", mistake=True,
           huy=(5, d(5, 8), "Anh An chỉ đi làm thời vụ 3 tháng, không chuyển đi; hủy phiếu"))
    pl.add("KET_HON", d(12, 7), "TH03013", 3, spouse=("Lê Thị Thanh Tuyền", dt.date(1996, 3, 15), ""))
    pl.add("DEN", d(4, 10), "TH01010", None, place="79",
           person=dict(name="Đoàn Thị Ngọc Mai", sex="2", born=dt.date(1998, 10, 2), eth="01", rel="7", mar="1",
                       res="1", edu="6", sdd="@new", province="72"),
           note="Em gái chủ hộ, về ở cùng để chăm cháu")
    pl.add("LY_HON", d(6, 10), "TH02004", 1)
    pl.add("LY_HON", d(6, 10), "TH02004", 2)
    pl.add("DI", d(7, 2), "TH02004", 2, place="80", note="Sau ly hôn về quê ở Long An")
    pl.add("KET_HON", d(7, 20), "TH02013", 3, spouse=("Trần Hữu Kiệt", dt.date(1996, 7, 24), ""))
    pl.add("DI", d(8, 5), "TH02013", 3, place="25489", tag="move_di",
           note="Về nhà chồng ở xã Tân Lập, huyện Tân Biên")
    pl.add("CHET", d(7, 28), "TH01007", 1)
    pl.add("KET_HON", d(9, 14), "TH03007", 1, spouse=("Nguyễn Thị Kiều Trang", dt.date(1994, 4, 21), ""))
    pl.add("DEN", d(10, 1), "TH03007", None, place="25531",
           person=dict(name="Nguyễn Thị Kiều Trang", sex="2", born=dt.date(1994, 4, 21), eth="01", rel="2",
                       mar="2", res="1", edu="4", sdd="@new", province="72"),
           note="Vợ chủ hộ, chuyển từ xã Suối Ngô")
    pl.add("DI", d(9, 5), "TH02003", 5, place="NN", note="Đi du học tại Đài Loan")
    pl.add("DI", d(10, 18), "TH01008", 6, place="94", note="Về quê Sóc Trăng")
    pl.add("CHET", d(10, 26), "TH02006", 6)
    pl.add("KET_HON", d(11, 16), "TH01001", 6, spouse=("Phạm Văn Tài", dt.date(1985, 12, 1), ""))
    pl.add("DI", d(12, 9), "TH01001", 6, place="25516", note="Về nhà chồng ở thị trấn Tân Châu")


def stories_25555(pl: Plan):
    """Suối Đá."""
    pl.pregnancy("SD04011", 2, mang_thai=d(1, 8), slts=[d(1, 25)], birth=d(3, 17), slss=d(3, 19),
                 after=(d(5, 28), "1"), baby=dict(noi_sinh="1"))
    pl.pregnancy("SD01009", 2, mang_thai=d(1, 15), slts=[d(2, 19), d(4, 11)], birth=d(6, 9), slss=d(6, 12),
                 after=(d(8, 20), "2"), baby=dict(noi_sinh="1"), tag="chain")
    pl.pregnancy("SD01003", 2, stop=d(1, 12), mang_thai=d(3, 18), slts=[d(5, 2), d(7, 10)], birth=d(11, 14),
                 slss=d(11, 16), baby=dict(noi_sinh="1"), stop_note="Ngừng uống thuốc, muốn sinh con thứ hai")
    pl.add("KET_HON", d(2, 24), "SD02006", 4, spouse=("Trần Thị Thu Hà", dt.date(2000, 6, 12), "@bride_ha"))
    pl.add("DEN", d(3, 5), "SD02006", None, place="25558",
           person=dict(name="Trần Thị Thu Hà", sex="2", born=dt.date(2000, 6, 12), eth="01", rel="8", mar="2",
                       res="1", edu="4", sdd="@bride_ha", province="72"),
           note="Về làm dâu, chuyển từ xã Phan")
    pl.pregnancy("SD02006", "@den", mang_thai=d(4, 1), slts=[d(5, 20), d(8, 5)], birth=d(11, 29), slss=d(12, 2),
                 baby=dict(noi_sinh="1"))
    pl.pregnancy("SD03003", 2, stop=d(1, 29), mang_thai=d(5, 13), slts=[d(6, 25), d(9, 12)], birth=d(12, 15),
                 baby=dict(noi_sinh="2"), stop_note="Tháo vòng")
    pl.pregnancy("SD01005", 2, stop=d(4, 16), mang_thai=d(7, 22), slts=[d(8, 30), d(10, 28)])
    pl.add("CHET", d(2, 9), "SD04012", 1)
    pl.add("DI", d(3, 11), "SD01008", 5, place="NN", note="Đi du học, làm việc tại Đài Loan")
    pl.add("CHET", d(4, 18), "SD03009", 2, mistake=True,
           huy=(5, d(5, 7), "Chọn nhầm thành viên: người mất là bà Nguyễn Ngọc Hồng (STT 6), không phải chị Đào"))
    pl.add("CHET", d(4, 18), "SD03009", 6, report=5, tag="late3",
           note="Báo lại đúng người mất (thay phiếu đã hủy)")
    pl.add("BPTT", d(7, 5), "SD03009", 2, bptt="1", tag="alive_after_huy")
    pl.add("BPTT", d(4, 9), "SD04007", 2, bptt="1", resend=5, tag="resend")
    pl.add("DEN", d(5, 20), "SD04006", None, place="79",
           person=dict(name="Trần Minh Luân", sex="1", born=dt.date(2003, 9, 8), eth="01", rel="4", mar="1",
                       res="1", edu="4", sdd="@new", province="72"),
           note="Cháu nội về ở với bà")
    pl.add("KET_HON", d(6, 15), "SD02003", 2, spouse=("Nguyễn Hoàng Long", dt.date(1994, 8, 3), ""))
    pl.add("DI", d(7, 12), "SD02003", 2, place="25570", note="Về nhà chồng ở xã Chà Là")
    pl.add("CHET", d(6, 4), "SD01007", 1)
    pl.add("LY_HON", d(8, 12), "SD01001", 1)
    pl.add("LY_HON", d(8, 12), "SD01001", 2)
    pl.add("DI", d(8, 22), "SD03006", 3, place="74", note="Đã làm việc ở Bình Dương nhiều năm, nay chuyển hẳn")
    pl.add("DI", d(9, 6), "SD01001", 2, place="79")
    pl.add("CHET", d(8, 30), "SD02002", 1, report=9, wrong={"ngay_su_kien": d(9, 2)},
           sua=(10, "Sửa ngày mất: 30/08/2024 (phiếu gốc ghi ngày an táng 02/09/2024)"), tag="sua_date")
    pl.add("DEN", d(9, 17), "SD02012", None, place="NN",
           person=dict(name="Võ Thị Ngọc Trâm", sex="2", born=dt.date(1991, 1, 26), eth="01", rel="3", mar="4",
                       res="1", edu="4", sdd="@new", province="72"),
           note="Con gái chủ hộ, từ Đài Loan về, đăng ký lại thường trú")
    pl.add("KET_HON", d(10, 5), "SD04004", 4, spouse=("Lưu Gia Hưng", dt.date(1990, 11, 20), "@groom_hung"))
    pl.add("DEN", d(11, 4), "SD04004", None, place="25573",
           person=dict(name="Lưu Gia Hưng", sex="1", born=dt.date(1990, 11, 20), eth="06", rel="8", mar="2",
                       res="1", edu="5", sdd="@groom_hung", province="72"),
           note="Con rể, chuyển từ xã Cầu Khởi")
    pl.add("DI", d(10, 15), "SD05006", 3, place="79")
    pl.add("CHET", d(11, 22), "SD05013", 1)
    pl.add("KET_HON", d(12, 8), "SD01011", 3, spouse=("Đỗ Thị Mỹ Tiên", dt.date(2000, 2, 17), ""))


STORIES = {"25489": stories_25489, "25519": stories_25519, "25555": stories_25555}

# --------------------------------------------------------------------------- fillers

TRANSITIONS = {"": ["1", "6", "7", "4"], "0": ["1", "6", "7", "8"], "1": ["0", "6", "7"],
               "4": ["1", "5", "6"], "5": ["4", "6", "1"], "6": ["1", "7", "5", "4"],
               "7": ["6", "1", "8"], "8": ["7", "6", "1"]}


def add_fillers(pl: Plan, reg: Register, months, slips_per_month):
    """Contraceptive-method changes of married women 15–49 not involved in any story, so that
    each month has 6–9 slips (at most two changes a woman, four months apart)."""
    involved = {(it.ma_ho, it.stt) for it in pl.intents}
    involved |= {(it.ma_ho, "@den") for it in pl.intents}
    state = {p.key: p.bptt for p in reg.people.values()}
    history = {}
    rng = pl.rng
    for m in months:
        target = rng.randint(6, 9)
        need = target - slips_per_month.get(m, 0)
        lo, hi = d(m, 1), month_end(m)
        cands = [p for p in sorted(reg.people.values(), key=lambda p: p.key)
                 if p.key not in involved and p.sex == "2" and p.mar == "2" and p.here and p.res in ("1", "2")
                 and 15 <= p.age(lo) and p.age(hi) <= 49 and state[p.key] not in ("2", "3")]
        rng.shuffle(cands)
        for p in cands:
            if need <= 0:
                break
            h = history.setdefault(p.key, [])
            if len(h) >= 2 or (h and (lo - h[-1]).days < 120):
                continue
            day = d(m, rng.randint(1, 28))
            if h and (day - h[-1]).days < 120:
                continue
            new = rng.choice(TRANSITIONS[state[p.key]])
            if new == "2" and p.age(day) < 35:
                new = "1"
            pl.add("BPTT", day, p.ma_ho, p.stt, bptt=new, filler=True)
            state[p.key] = new
            h.append(day)
            need -= 1


# --------------------------------------------------------------------------- realising the intents

class Realiser:
    def __init__(self, code, reg: Register, rng, numbers: Numbers):
        self.code = code
        self.reg = reg
        self.rng = rng
        self.numbers = numbers
        self.pregnant = {}      # key -> MANG_THAI date
        self.aliases = {}       # "@bride_x" -> personal number
        self.den_keys = {}      # ma_ho -> key of the last person who joined by DEN
        self.births = {}        # intent seq -> baby key

    def nguon(self):
        return msf.wchoice(self.rng, SPEC[self.code].nguon)

    def alias(self, v, province="72", sex="1", born=None):
        if not v or not v.startswith("@"):
            return v
        if v == "@new":
            return self.numbers(province, sex, born)
        if v not in self.aliases:
            self.aliases[v] = self.numbers(province, sex, born)
        return self.aliases[v]

    def resolve_stt(self, it: Intent):
        if it.stt == "@den":
            return self.den_keys[it.ma_ho][1]
        return it.stt

    def base(self, it: Intent, kind: str, day: dt.date, p: Optional[Person], area: int) -> dict:
        f = {c: "" for c in P0_COLS}
        f.update(ma_xa=self.code, dia_ban=str(area), ma_ctv=f"CTV-{self.code}-{area:02d}", nguon=self.nguon(),
                 loai_bien_dong=kind, ngay_su_kien=day, ma_ho=it.ma_ho, ghi_chu=it.note)
        if p is not None:
            f["stt"] = str(p.stt)
            f["ho_ten"] = p.name
            if p.sdd and self.rng.random() < 0.88:
                f["so_dinh_danh"] = p.sdd
        return f

    def realise(self, it: Intent) -> dict:
        reg, day = self.reg, it.date
        kind = it.kind
        area = reg.area[it.ma_ho]
        if kind == "SINH":
            mother = reg.get(it.ma_ho, self.resolve_stt(Intent(0, "", day, it.ma_ho, it.p["mother"])))
            assert mother and mother.here and mother.sex == "2" and mother.mar == "2" and mother.res == "1", it
            assert 18 <= mother.age(day) <= 45, (it, mother.age(day))
            father = husband_of(reg, mother)
            assert father and father.here, (it, "father")
            stt = reg.next_stt(it.ma_ho)
            if "expect_stt" in it.p:
                assert stt == it.p["expect_stt"], (it, stt)
            sex = it.p.get("sex") or ("1" if self.rng.random() < 0.52 else "2")
            family = father.name.split()[0]
            name = it.p.get("name")
            while not name or name in {m.name for m in reg.members(it.ma_ho)}:
                name = msf.full_name(self.rng, father.eth, sex, YEAR, family)
            rel = child_rel(mother)
            order = children_listed(reg, mother) + 1
            sdd = ""
            if "name" not in it.p and self.rng.random() < 0.5:
                sdd = self.numbers("72", sex, day)
            baby = Person(it.ma_ho, stt, name, sex, msf.BDate.of(day), father.eth, rel, "", "1", "", sdd, "", area)
            f = self.base(it, kind, day, None, area)
            f.update(stt=str(stt), ho_ten=name, gioi_tinh=sex, ngay_sinh=day, dan_toc=father.eth,
                     quan_he_chu_ho=rel, me_stt=str(mother.stt), thu_tu_con=str(order),
                     noi_sinh=it.p.get("noi_sinh", "1"), so_dinh_danh=sdd)
            if mother.sdd and "me_so_dinh_danh" in SPEC[self.code].columns and self.rng.random() < 0.5:
                f["me_so_dinh_danh"] = mother.sdd
            if not it.mistake:
                reg.add(baby)
                self.pregnant.pop(mother.key, None)
                self.births[it.seq] = baby.key
            it.key = baby.key
            return f
        if kind == "DEN":
            q = dict(it.p["person"])
            stt = reg.next_stt(it.ma_ho)
            sdd = self.alias(q["sdd"], q.get("province", "72"), q["sex"], q["born"])
            person = Person(it.ma_ho, stt, q["name"], q["sex"], msf.BDate.of(q["born"]), q["eth"], q["rel"],
                            q["mar"], q["res"], "", sdd, q["edu"], area)
            f = self.base(it, kind, day, None, area)
            f.update(stt=str(stt), ho_ten=person.name, gioi_tinh=person.sex, ngay_sinh=q["born"],
                     dan_toc=person.eth, quan_he_chu_ho=person.rel, tinh_trang_hon_nhan=person.mar,
                     tinh_trang_cu_tru=person.res, trinh_do_hoc_van=person.edu, noi_den_di=it.p["place"],
                     so_dinh_danh=sdd)
            assert place_valid(it.p["place"], day)
            reg.add(person)
            self.den_keys[it.ma_ho] = person.key
            it.key = person.key
            return f
        if kind == "SLSS":
            key = self.births[it.ref.seq]
            baby = reg.people[key]
            assert baby.here and 0 <= (day - baby.born.earliest()).days <= 10, it
            f = self.base(it, kind, day, baby, area)
            it.key = key
            return f
        # the other events have an existing subject
        stt = self.resolve_stt(it)
        p = reg.get(it.ma_ho, stt)
        assert p is not None and p.here, ("subject", it, p)
        assert day >= p.born.earliest()
        f = self.base(it, kind, day, p, area)
        it.key = p.key
        if kind == "CHET":
            if not it.mistake:
                p.alive = False
        elif kind == "DI":
            assert place_valid(it.p["place"], day)
            f["noi_den_di"] = it.p["place"]
            if not it.mistake:
                p.present = False
        elif kind == "KET_HON":
            assert p.mar in ("1",) and p.age(day) >= (18 if p.sex == "2" else 20), (it, p.mar)
            name, born, sdd = it.p["spouse"]
            f.update(vo_chong_ho_ten=name, vo_chong_ngay_sinh=born,
                     vo_chong_so_dinh_danh=self.alias(sdd, "80" if sdd == "@bride_duyen" else "72",
                                                      "1" if p.sex == "2" else "2", born))
            p.mar = "2"
        elif kind == "LY_HON":
            assert p.mar == "2", it
            p.mar = "4"
        elif kind == "BPTT":
            assert p.sex == "2" and p.mar == "2" and 15 <= p.age(day) <= 49 and p.res in ("1", "2"), (it, p)
            assert it.p["bptt"] != p.bptt, it
            f["bptt"] = it.p["bptt"]
            p.bptt = it.p["bptt"]
        elif kind == "MANG_THAI":
            assert p.sex == "2" and p.mar == "2" and 18 <= p.age(day) <= 45 and p.res in ("1", "2"), it
            if not it.mistake:
                assert p.key not in self.pregnant, it
                self.pregnant[p.key] = day
            else:
                assert self.pregnant.get(p.key) == day
        elif kind == "SLTS":
            assert p.key in self.pregnant and self.pregnant[p.key] < day, it
        else:
            raise ValueError(kind)
        return f


def fmt_slip(code: str, month: int, f: dict, rng: random.Random) -> dict:
    """Fields as text, in the commune's styles."""
    c = SPEC[code]
    out = {}
    for k, v in f.items():
        if isinstance(v, dt.date):
            if k == "ngay_su_kien" and c.event_date_style == "iso":
                v = v.isoformat()
            elif code == "25489" and rng.random() < 0.08:
                v = f"{v.day}/{v.month}/{v.year}"
            else:
                v = dmy(v)
        out[k] = v
    out["ky_bao_cao"] = f"{month:02d}/{YEAR}" if c.month_style == "mm/yyyy" else f"{YEAR}-{month:02d}"
    return out


def build_commune(code: str, numbers: Numbers):
    rng = random.Random(SEED * 31 + int(code))
    reg = load_a0(code)
    pl = Plan(code, rng)
    STORIES[code](pl)
    # fill each month to 6–9 slips with method changes (25489: only from July, see the README)
    counts = {}
    for it in pl.intents:
        counts[it.report or it.date.month] = counts.get(it.report or it.date.month, 0) + 1
        if it.huy:
            counts[it.huy[0]] = counts.get(it.huy[0], 0) + 1
        if it.sua:
            counts[it.sua[0]] = counts.get(it.sua[0], 0) + 1
        if it.resend:
            counts[it.resend] = counts.get(it.resend, 0) + 1
    if code == "25489":
        filler_reg = Register(code, load_later_25489())
        add_fillers(pl, filler_reg, range(7, 13), counts)
    else:
        add_fillers(pl, reg, range(1, 13), counts)

    real = Realiser(code, reg, rng, numbers)
    slips = []
    register_applied = code != "25489"
    for it in sorted(pl.intents, key=lambda i: (i.date, i.seq)):
        if not register_applied and it.date > CHOT_2024:
            later = load_later_25489()
            check_against_later(reg, later)
            reg.replace_with(later)
            register_applied = True
        f = real.realise(it)
        month = it.report or it.date.month
        assert month >= it.date.month and (code != "25489" or it.date > CHOT_2024 or month <= 6), it
        it.slip = f
        if it.wrong:
            first = dict(f, **it.wrong)
            if "ngay_su_kien" in it.wrong:
                assert it.wrong["ngay_su_kien"].month <= month
            s = Slip(code, month, fmt_slip(code, month, first, rng), it, "original", tag=it.tag)
            slips.append(s)
            corr = dict(f, loai_bien_dong="SUA", nguon=real.nguon(), ghi_chu=it.sua[1])
            slips.append(Slip(code, it.sua[0], fmt_slip(code, it.sua[0], corr, rng), it, "sua", target=s,
                              tag=it.tag))
        elif it.mistake:
            s = Slip(code, month, fmt_slip(code, month, f, rng), it, "mistake", tag=it.tag)
            slips.append(s)
            hm, hday, hnote = it.huy
            h = {c: "" for c in P0_COLS}
            h.update({k: f[k] for k in ("ma_xa", "dia_ban", "ma_ctv", "ma_ho", "stt", "so_dinh_danh", "ho_ten")})
            h.update(loai_bien_dong="HUY", ngay_su_kien=hday, nguon=real.nguon(), ghi_chu=hnote)
            slips.append(Slip(code, hm, fmt_slip(code, hm, h, rng), it, "huy", target=s, tag=it.tag))
        else:
            s = Slip(code, month, fmt_slip(code, month, f, rng), it, "event", tag=it.tag)
            slips.append(s)
            if it.resend:
                slips.append(Slip(code, it.resend, s.fields, it, "resend", target=s, tag=it.tag))
    assert register_applied
    return slips, pl


def check_against_later(reg: Register, later):
    """The simulated register of 25489 at the end of 30/06/2024 must be the later register,
    except for the changes that have no event type (residence 1 → 3, marital status filled in
    at 15)."""
    here = {p.key: p for p in reg.people.values() if p.here}
    lat = {p.key: p for p in later}
    assert set(here) == set(lat), (sorted(set(here) ^ set(lat)))
    diffs = []
    for k, p in lat.items():
        q = here[k]
        for attr in ("name", "sex", "eth", "rel", "mar", "res", "bptt", "sdd"):
            if getattr(p, attr) != getattr(q, attr):
                diffs.append((k, attr, getattr(q, attr), getattr(p, attr)))
        assert p.born == q.born, k
    expected = {(("TL03008", 5), "res", "1", "3"), (("TL01005", 4), "mar", "", "1"),
                (("TL04009", 6), "mar", "", "1")}
    assert set(diffs) == expected, diffs


# --------------------------------------------------------------------------- writing

def encode(text: str, enc: str) -> bytes:
    if enc == "utf-8":
        return unicodedata.normalize("NFC", text).encode("utf-8")
    if enc == "utf-8-bom":
        return b"\xef\xbb\xbf" + unicodedata.normalize("NFC", text).encode("utf-8")
    if enc == "cp1258":
        return msf.to_cp1258(text)
    raise ValueError(enc)


def decode(data: bytes, enc: str) -> str:
    if enc == "utf-8-bom":
        assert data[:3] == b"\xef\xbb\xbf"
        return unicodedata.normalize("NFC", data[3:].decode("utf-8"))
    return msf.decode(data, enc)


def file_name(code, month):
    return f"p0_{code}_{YEAR}-{month:02d}.csv"


def write_changes(code: str, slips):
    c = SPEC[code]
    by_month = {}
    for s in slips:
        by_month.setdefault(s.month, []).append(s)
    # order within a file: by event date (as the apps export them), first come first
    counter = 0
    ids = {}
    for m in range(1, 13):
        lines = by_month.get(m, [])
        lines.sort(key=lambda s: (parse_full_date(s.fields["ngay_su_kien"]), s.intent.seq if s.intent else 0,
                                  ["event", "original", "mistake", "resend", "sua", "huy"].index(s.role)))
        by_month[m] = lines
        for s in lines:
            if s.role == "resend":
                continue
            counter += 1
            ids[id(s)] = f"{c.prefix}-{YEAR}-{counter:04d}"
            s.fields["ma_phieu"] = ids[id(s)]
    for m in range(1, 13):
        for s in by_month[m]:
            if s.role == "resend":
                s.fields = s.target.fields
            if s.target is not None and s.role in ("sua", "huy"):
                s.fields["ma_phieu_goc"] = s.target.fields["ma_phieu"]
    CHANGES.mkdir(exist_ok=True)
    for m in range(1, 13):
        lines = by_month[m]
        assert 4 <= len(lines) <= 15, (code, m, len(lines))
        buf = io.StringIO(newline="")
        w = csv.writer(buf, delimiter=c.delimiter, lineterminator="\r\n" if m in c.crlf_months else "\n")
        w.writerow([P0_LABELS[k] if c.header_style == "label" else k for k in c.columns])
        for i, s in enumerate(lines, start=2):
            lost = [k for k, v in s.fields.items() if v and k not in c.columns]
            assert not lost, (code, m, lost)
            assert "\n" not in "".join(s.fields.values())
            w.writerow([s.fields[k] for k in c.columns])
            s.line = i
        data = encode(buf.getvalue(), c.encoding)
        assert decode(data, c.encoding) == unicodedata.normalize("NFC", buf.getvalue())
        (CHANGES / file_name(code, m)).write_bytes(data)
    return by_month


# --------------------------------------------------------------------------- reading back, checking, replaying
# Independent of the generation above: only the bytes of the files and the A0 registers.

@dataclass
class Line:
    file: str
    line: int
    f: dict
    raw_row: tuple


def read_changes(path: Path, enc: str):
    text = decode(path.read_bytes(), enc)
    first = text.split("\n", 1)[0]
    delim = max([",", ";", "\t"], key=first.count)
    rows = msf.read_records(text, delim)
    (_, header), body = rows[0], rows[1:]
    cols = [P0_HEADER_INDEX.get(msf.header_key(h)) for h in header]
    assert all(cols), (path.name, header)
    missing = [c for c in ALWAYS if c not in cols]
    assert not missing, missing
    out = []
    for line, row in body:
        assert len(row) == len(cols), (path.name, line)
        f = {c: "" for c in P0_COLS}
        f.update({c: row[i].strip() for i, c in enumerate(cols)})
        out.append(Line(path.name, line, f, tuple(row)))
    return out


class Checker:
    """The E rules of feeds.md §6 (and the line rules a change line can break), applied line by
    line in ingestion order. SUA and HUY rebuild the state from the slips accepted so far."""

    def __init__(self, base: Register):
        self.base = base.copy()
        self.reg = base.copy()
        self.accepted = []          # lines whose effect holds (in ingestion order)
        self.slips = {}             # ma_phieu -> Line
        self.cancelled = set()
        self.corrected = {}         # ma_phieu -> Line (SUA) holding the content
        self.registers = []         # (position in accepted, people): whole-commune registers
        self.findings = []
        self.duplicates = []

    def add_register(self, people):
        self.registers.append((len(self.accepted), people))
        self.reg.replace_with(people)

    def finding(self, ln: Line, rule, column, value=""):
        self.findings.append((ln.file, ln.line, rule, column, value))

    def content(self, ln: Line):
        """The effective content of an event slip: its last correction, unless withdrawn."""
        return self.corrected.get(ln.f["ma_phieu"], ln)

    def rebuild(self):
        reg = self.base.copy()
        reg_i = 0
        for i, ln in enumerate(self.accepted):
            while reg_i < len(self.registers) and self.registers[reg_i][0] <= i:
                reg.replace_with(self.registers[reg_i][1])
                reg_i += 1
            if ln.f["ma_phieu"] in self.cancelled:
                continue
            eff = self.content(ln)
            apply(reg, ln.f["loai_bien_dong"], eff.f)
        while reg_i < len(self.registers):
            reg.replace_with(self.registers[reg_i][1])
            reg_i += 1
        # keep every member number ever used
        for h, s in self.reg.used.items():
            reg.used.setdefault(h, set()).update(s)
        self.reg = reg

    def line(self, ln: Line):
        f = ln.f
        kind = f["loai_bien_dong"]
        code = f["ma_xa"]
        errs = []
        for c in ALWAYS + REQUIRED_BY_TYPE.get(kind, []):
            if not f[c]:
                errs.append(("R01", c, ""))
        if kind not in ALL_TYPES:
            errs.append(("R02", "loai_bien_dong", kind))
        rm = parse_month(f["ky_bao_cao"])
        day = parse_full_date(f["ngay_su_kien"])
        if rm is None:
            errs.append(("R03", "ky_bao_cao", f["ky_bao_cao"]))
        if day is None:
            errs.append(("R03", "ngay_su_kien", f["ngay_su_kien"]))
        if code != self.reg.code:
            errs.append(("R06", "ma_xa", code))
        if errs:
            for e in errs:
                self.finding(ln, *e)
            return
        if day > (rm.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1):
            self.finding(ln, "R04", "ngay_su_kien", f["ngay_su_kien"])
            return
        # slip identity: the same slip again is a no-op, other content under its id is E08
        prev = self.slips.get(f["ma_phieu"])
        if prev is not None:
            if prev.f == f:
                self.duplicates.append((ln.file, ln.line, prev.file, prev.line))
                return
            self.finding(ln, "E08", "ma_phieu", f["ma_phieu"])
            return
        warnings = []
        if kind not in ("SUA", "HUY") and day < rm:
            warnings.append(("E01", "ngay_su_kien", f["ngay_su_kien"]))
        if kind in ("SUA", "HUY"):
            target = self.slips.get(f["ma_phieu_goc"])
            if target is None or f["ma_phieu_goc"] in self.cancelled or target.f["loai_bien_dong"] in ("SUA", "HUY"):
                self.finding(ln, "E07", "ma_phieu_goc", f["ma_phieu_goc"])
                return
            self.slips[f["ma_phieu"]] = ln
            if kind == "HUY":
                self.cancelled.add(f["ma_phieu_goc"])
            else:
                self.corrected[f["ma_phieu_goc"]] = ln
            self.rebuild()
            if kind == "SUA":
                assert target.f["ma_ho"] == f["ma_ho"] and target.f["stt"] == f["stt"], "SUA keeps the subject"
            for w in warnings:
                self.finding(ln, *w)
            return
        e = self.event_errors(kind, f, day)
        if e and e[0] in ("E09", "E10", "E04w"):     # warnings: the line is loaded
            warnings.append((e[0][:3],) + e[1:])
            e = None
        if e:
            self.finding(ln, *e)
            return
        for w in warnings:
            self.finding(ln, *w)
        self.slips[f["ma_phieu"]] = ln
        self.accepted.append(ln)
        apply(self.reg, kind, f)

    def event_errors(self, kind, f, day):
        reg = self.reg
        ma_ho, stt = f["ma_ho"], int(f["stt"])
        if kind in ("SINH", "DEN"):
            if stt in reg.used.get(ma_ho, set()):
                return ("E06", "stt", f["stt"])
            if ma_ho not in reg.used:
                return ("E02", "ma_ho", ma_ho)
            if kind == "DEN":
                if not place_valid(f["noi_den_di"], day):
                    return ("E11", "noi_den_di", f["noi_den_di"])
                return None
            mother = None
            if f["me_stt"]:
                mother = reg.get(ma_ho, int(f["me_stt"]))
            elif f["me_so_dinh_danh"]:
                mother = next((p for p in reg.members(ma_ho) if p.sdd == f["me_so_dinh_danh"]), None)
            if mother is None or not mother.here or mother.sex != "2":
                return ("E04", "me_stt", f["me_stt"])
            a = mother.age(day)
            if not 10 <= a <= 60:
                return ("E04", "me_stt", f["me_stt"])
            if a <= 14 or a >= 51:
                return ("E04w", "me_stt", f["me_stt"])
            if int(f["thu_tu_con"]) <= children_listed(reg, mother):
                return ("E10", "thu_tu_con", f["thu_tu_con"])
            return None
        p = reg.get(ma_ho, stt)
        if p is None or (f["so_dinh_danh"] and p.sdd and f["so_dinh_danh"] != p.sdd):
            return ("E02", "stt", f["stt"])
        if not p.here:
            return ("E03", "stt", f["stt"])
        if day < p.born.earliest():
            return ("E05", "ngay_su_kien", f["ngay_su_kien"])
        if kind == "DI" and not place_valid(f["noi_den_di"], day):
            return ("E11", "noi_den_di", f["noi_den_di"])
        if kind == "KET_HON" and p.mar in ("2", "5"):
            return ("E09", "loai_bien_dong", kind)
        if kind == "LY_HON" and p.mar not in ("2", "5"):
            return ("E09", "loai_bien_dong", kind)
        if kind == "BPTT" and not (p.sex == "2" and p.mar == "2" and 15 <= p.age(day) <= 49):
            return ("R10", "bptt", f["bptt"])
        if kind == "KET_HON" and p.age(day) < (18 if p.sex == "2" else 20):
            return ("R09", "loai_bien_dong", kind)
        return None


def apply(reg: Register, kind: str, f: dict):
    """The effect of one event (feeds.md §3, code list E) on the register."""
    ma_ho, stt = f["ma_ho"], int(f["stt"])
    area = reg.area.get(ma_ho) or int(f["dia_ban"] or 0)
    if kind in ("SINH", "DEN"):
        born = msf.parse_date(f["ngay_sinh"], True)
        sex = msf.code_of("gioi_tinh", f["gioi_tinh"])
        p = Person(ma_ho, stt, f["ho_ten"], sex, born, msf.code_of("dan_toc", f["dan_toc"]),
                   f["quan_he_chu_ho"], f["tinh_trang_hon_nhan"] if kind == "DEN" else "",
                   (f["tinh_trang_cu_tru"] or "1") if kind == "DEN" else (f["tinh_trang_cu_tru"] or "1"),
                   "", f["so_dinh_danh"], f["trinh_do_hoc_van"], area)
        reg.add(p)
        reg.area.setdefault(ma_ho, area)
        return
    p = reg.get(ma_ho, stt)
    if kind == "CHET":
        p.alive = False
    elif kind == "DI":
        p.present = False
    elif kind == "KET_HON":
        p.mar = "2"
    elif kind == "LY_HON":
        p.mar = "4"
    elif kind == "BPTT":
        p.bptt = f["bptt"]


def effective_events(lines):
    """Event slips after de-duplication, SUA and HUY: (root line, content line) pairs."""
    first = {}
    order = []
    for ln in lines:
        mp = ln.f["ma_phieu"]
        if mp in first:
            assert first[mp].f == ln.f, ("re-sent with other content", ln.file, ln.line)
            continue
        first[mp] = ln
        order.append(ln)
    content = {}
    cancelled = set()
    for ln in order:
        k = ln.f["loai_bien_dong"]
        if k == "SUA":
            content[ln.f["ma_phieu_goc"]] = ln
        elif k == "HUY":
            cancelled.add(ln.f["ma_phieu_goc"])
    out = []
    for ln in order:
        if ln.f["loai_bien_dong"] in ("SUA", "HUY") or ln.f["ma_phieu"] in cancelled:
            continue
        out.append((ln, content.get(ln.f["ma_phieu"], ln)))
    return out


def replay(code: str, lines, later=None):
    """Month-end figures and event counts, replaying in event-date order."""
    reg = load_a0(code)
    events = effective_events(lines)
    dated = sorted(((parse_full_date(c.f["ngay_su_kien"]), i, root, c) for i, (root, c) in enumerate(events)),
                   key=lambda x: (x[0], x[1]))
    figures = {"2023-12": reg.figures()}
    counts = {f"{YEAR}-{m:02d}": {t: 0 for t in EVENT_TYPES} for m in range(1, 13)}
    i = 0
    for m in range(1, 13):
        end = month_end(m)
        while i < len(dated) and dated[i][0] <= end:
            day, _, root, c = dated[i]
            if later is not None and day > CHOT_2024 and not getattr(reg, "_later", False):
                raise AssertionError("register must be applied before")
            apply(reg, root.f["loai_bien_dong"], c.f)
            counts[f"{YEAR}-{day.month:02d}"][root.f["loai_bien_dong"]] += 1
            i += 1
        if later is not None and end == CHOT_2024:
            check_against_later(reg, later)
            reg.replace_with(later)
            reg._later = True
        figures[f"{YEAR}-{m:02d}"] = reg.figures()
    assert i == len(dated)
    return figures, counts


# --------------------------------------------------------------------------- bad files (E01–E11)

def bad_row(**kw):
    row = {c: "" for c in P0_COLS}
    row.update(ky_bao_cao="03/2024", ma_xa="25489", nguon="WEB")
    row.update(kw)
    if row["ma_ho"] and not row["dia_ban"] and row["ma_ho"].startswith("TL"):
        a = int(row["ma_ho"][2:4])
        row.update(dia_ban=str(a), ma_ctv=f"CTV-25489-{a:02d}")
    return row


def make_bad_files():
    """One change file per rule E01–E11, for commune 25489 after its 2023-12-31 register only."""
    specs = []

    def add(name, rows, rule, line, column, value, rows_note, note):
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(P0_COLS)
        for r in rows:
            w.writerow([r[c] for c in P0_COLS])
        (BAD / name).write_bytes(unicodedata.normalize("NFC", buf.getvalue()).encode("utf-8"))
        specs.append(dict(file=name, rule=rule, line=line, column=column, value=value, rows=rows_note, note=note))

    ok_mt = dict(loai_bien_dong="MANG_THAI", ngay_su_kien="04/03/2024", ma_ho="TL01011", stt="2",
                 so_dinh_danh="072194515623", ho_ten="Phan Thị Ngọc")
    add("E01_late_report.csv",
        [bad_row(ma_phieu="BAD-E01-1", **ok_mt),
         bad_row(ma_phieu="BAD-E01-2", loai_bien_dong="BPTT", ngay_su_kien="15/01/2024", ma_ho="TL01013",
                 stt="2", so_dinh_danh="072195709556", ho_ten="Nguyễn Phương Linh", bptt="6",
                 ghi_chu="Đổi từ vòng sang thuốc uống từ tháng 1")],
        "E01", 3, "ngay_su_kien", "15/01/2024", "read 2, accepted 2 (a warning: the line is loaded)",
        "a method change of 15/01/2024 reported in 03/2024: counts in January")
    add("E02_subject_not_in_register.csv",
        [bad_row(ma_phieu="BAD-E02-1", **ok_mt),
         bad_row(ma_phieu="BAD-E02-2", loai_bien_dong="CHET", ngay_su_kien="09/03/2024", ma_ho="TL05003",
                 stt="2", ho_ten="Nguyễn Văn Bình", dia_ban="4", ma_ctv="CTV-25489-04")],
        "E02", 3, "stt", "2", "read 2, accepted 1, rejected 1 (held in quarantine)",
        "household TL05003 does not exist in 25489 (the commune has areas 1–4, codes TL01…–TL04…)")
    add("E03_subject_already_dead.csv",
        [bad_row(ma_phieu="BAD-E03-1", loai_bien_dong="CHET", ngay_su_kien="05/03/2024", ma_ho="TL02011",
                 stt="1", so_dinh_danh="072043656487", ho_ten="Trần Văn Rạng"),
         bad_row(ma_phieu="BAD-E03-2", loai_bien_dong="DI", ngay_su_kien="20/03/2024", ma_ho="TL02011",
                 stt="1", so_dinh_danh="072043656487", ho_ten="Trần Văn Rạng", noi_den_di="79")],
        "E03", 3, "stt", "1", "read 2, accepted 1, rejected 1",
        "line 2 (CHET of Trần Văn Rạng on 05/03/2024) is valid and accepted; it is this file's own CHET "
        "that makes line 3 (a DI of the same man on 20/03/2024) E03")
    add("E04_mother_not_found.csv",
        [bad_row(ma_phieu="BAD-E04-1", **ok_mt),
         bad_row(ma_phieu="BAD-E04-2", loai_bien_dong="SINH", ngay_su_kien="08/03/2024", ma_ho="TL01008",
                 stt="5", ho_ten="Nguyễn Minh Khôi", gioi_tinh="1", ngay_sinh="08/03/2024", dan_toc="01",
                 quan_he_chu_ho="3", me_stt="1", thu_tu_con="3", noi_sinh="1")],
        "E04", 3, "me_stt", "1", "read 2, accepted 1, rejected 1",
        "me_stt 1 is the head Nguyễn Văn Lộc, a man (the mother, Trần Ngọc Hân, is stt 2; thu_tu_con 3 "
        "would be right for her)")
    add("E05_event_before_birth.csv",
        [bad_row(ma_phieu="BAD-E05-1", loai_bien_dong="SINH", ngay_su_kien="05/03/2024", ma_ho="TL01004",
                 stt="3", ho_ten="Trần Gia Bảo", gioi_tinh="1", ngay_sinh="05/03/2024", dan_toc="01",
                 quan_he_chu_ho="3", me_stt="2", me_so_dinh_danh="072302316602", thu_tu_con="1", noi_sinh="1"),
         bad_row(ma_phieu="BAD-E05-2", loai_bien_dong="SLSS", ngay_su_kien="03/03/2024", ma_ho="TL01004",
                 stt="3", ho_ten="Trần Gia Bảo")],
        "E05", 3, "ngay_su_kien", "03/03/2024", "read 2, accepted 1, rejected 1",
        "line 2 is a valid SINH of 05/03/2024 (everyone in the 2023 register is born before March 2024, so "
        "an event before a birth without E01 needs a birth in the file); line 3, the newborn screening, "
        "is dated two days before it")
    add("E06_member_number_used.csv",
        [bad_row(ma_phieu="BAD-E06-1", **ok_mt),
         bad_row(ma_phieu="BAD-E06-2", loai_bien_dong="SINH", ngay_su_kien="12/03/2024", ma_ho="TL01008",
                 stt="4", ho_ten="Nguyễn Minh Khôi", gioi_tinh="1", ngay_sinh="12/03/2024", dan_toc="01",
                 quan_he_chu_ho="3", me_stt="2", thu_tu_con="3", noi_sinh="1")],
        "E06", 3, "stt", "4", "read 2, accepted 1, rejected 1",
        "TL01008 stt 4 is Nguyễn Bảo An (born 2019); the next free number is 5")
    add("E07_unknown_original_slip.csv",
        [bad_row(ma_phieu="BAD-E07-1", **ok_mt),
         bad_row(ma_phieu="BAD-E07-2", loai_bien_dong="SUA", ngay_su_kien="11/03/2024", ma_ho="TL01013",
                 stt="2", so_dinh_danh="072195709556", ho_ten="Nguyễn Phương Linh", bptt="6",
                 ma_phieu_goc="BAD-E07-0", ghi_chu="Sửa BPTT")],
        "E07", 3, "ma_phieu_goc", "BAD-E07-0", "read 2, accepted 1, rejected 1",
        "BAD-E07-0 was never sent")
    add("E08_slip_reused.csv",
        [bad_row(ma_phieu="BAD-E08-1", **ok_mt),
         bad_row(ma_phieu="BAD-E08-1", **dict(ok_mt, ngay_su_kien="06/03/2024"))],
        "E08", 3, "ma_phieu", "BAD-E08-1", "read 2, accepted 1, rejected 1",
        "the same slip id with another event date (06/03 instead of 04/03): the second line is rejected "
        "(a correction must be a SUA)")
    add("E09_marriage_of_married.csv",
        [bad_row(ma_phieu="BAD-E09-1", **ok_mt),
         bad_row(ma_phieu="BAD-E09-2", loai_bien_dong="KET_HON", ngay_su_kien="16/03/2024", ma_ho="TL01001",
                 stt="1", so_dinh_danh="072090347459", ho_ten="Nguyễn Văn Toàn", vo_chong_ho_ten="Trần Thị Mai",
                 vo_chong_ngay_sinh="02/02/1995")],
        "E09", 3, "loai_bien_dong", "KET_HON", "read 2, accepted 2 (a warning: the line is loaded)",
        "Nguyễn Văn Toàn is married (tinh_trang_hon_nhan 2) in the register")
    add("E10_birth_order_inconsistent.csv",
        [bad_row(ma_phieu="BAD-E10-1", loai_bien_dong="SINH", ngay_su_kien="07/03/2024", ma_ho="TL01008",
                 stt="5", ho_ten="Nguyễn Ngọc Hân", gioi_tinh="2", ngay_sinh="07/03/2024", dan_toc="01",
                 quan_he_chu_ho="3", me_stt="2", me_so_dinh_danh="072195597730", thu_tu_con="1", noi_sinh="1")],
        "E10", 2, "thu_tu_con", "1", "read 1, accepted 1 (a warning: the line is loaded)",
        "the mother Trần Ngọc Hân (stt 2) already has two children listed (stt 3 born 2016, stt 4 born 2019): "
        "this is her third birth, not her first")
    add("E11_unknown_destination.csv",
        [bad_row(ma_phieu="BAD-E11-1", **ok_mt),
         bad_row(ma_phieu="BAD-E11-2", loai_bien_dong="DI", ngay_su_kien="18/03/2024", ma_ho="TL04008",
                 stt="3", ho_ten="Trần Hữu Kiệt", noi_den_di="99999")],
        "E11", 3, "noi_den_di", "99999", "read 2, accepted 1, rejected 1",
        "99999 is no commune code")
    for s in specs:
        c = Checker(load_a0("25489"))
        for ln in read_changes(BAD / s["file"], "utf-8"):
            c.line(ln)
        got = [(f[1], f[2], f[3], f[4]) for f in c.findings]
        assert got == [(s["line"], s["rule"], s["column"], s["value"])], (s["file"], got)
        assert not c.duplicates
    return specs


# --------------------------------------------------------------------------- main

def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def main():
    taken = set()
    registers = {}
    for c in COMMUNES:
        registers[c.code] = load_a0(c.code)
        taken |= {p.sdd for p in registers[c.code].people.values() if p.sdd}
    later = load_later_25489()
    taken |= {p.sdd for p in later if p.sdd}
    numbers = Numbers(taken)
    CHANGES.mkdir(exist_ok=True)
    for old in sorted(CHANGES.glob("p0_*.csv")):
        old.unlink()

    all_slips = {}
    files = {}
    for c in COMMUNES:
        slips, pl = build_commune(c.code, numbers)
        files[c.code] = write_changes(c.code, slips)
        all_slips[c.code] = slips

    # ---- independent reading: ingestion-order checks, then event-date replay
    population, events, findings, dups, lines_per_file = {}, {}, [], [], {}
    for c in COMMUNES:
        checker = Checker(load_a0(c.code))
        lines = []
        for m in range(1, 13):
            path = CHANGES / file_name(c.code, m)
            got = read_changes(path, c.encoding)
            lines_per_file[path.name] = len(got)
            for ln in got:
                checker.line(ln)
            lines += got
            if c.code == "25489" and m == 6:
                checker.add_register(load_later_25489())
        findings += checker.findings
        dups += checker.duplicates
        population[c.code], events[c.code] = replay(c.code, lines, later if c.code == "25489" else None)

    # the findings must be exactly the late reports' E01
    late = sorted((file_name(s.commune, s.month), s.line, "E01", "ngay_su_kien", s.fields["ngay_su_kien"])
                  for c in COMMUNES for s in all_slips[c.code]
                  if s.role in ("event", "original", "mistake")
                  and parse_full_date(s.fields["ngay_su_kien"]) < d(s.month, 1))
    assert sorted(findings) == late, (sorted(findings), late)
    resent = sorted((file_name(s.commune, s.month), s.line, file_name(s.commune, s.target.month), s.target.line)
                    for c in COMMUNES for s in all_slips[c.code] if s.role == "resend")
    assert sorted(dups) == resent, (dups, resent)
    # every event type in every commune; 25489 January–June only what the later register shows
    for c in COMMUNES:
        kinds = {s.fields["loai_bien_dong"] for s in all_slips[c.code]}
        assert kinds == set(ALL_TYPES), (c.code, set(ALL_TYPES) - kinds)
    h1 = [s for s in all_slips["25489"] if s.month <= 6]
    assert {s.fields["loai_bien_dong"] for s in h1} <= set(EVENT_TYPES)
    h1_types = {}
    for s in h1:
        h1_types[s.fields["loai_bien_dong"]] = h1_types.get(s.fields["loai_bien_dong"], 0) + 1
    assert h1_types["SINH"] == 3 and h1_types["CHET"] == 1 and h1_types["DI"] == 6 and h1_types["KET_HON"] == 1 \
        and h1_types["BPTT"] == 1 and "DEN" not in h1_types and "LY_HON" not in h1_types, h1_types

    # ---- bad files
    for old in sorted(BAD.glob("E[0-9][0-9]_*.csv")):
        old.unlink()
    specs = make_bad_files()
    slip_ids = {s.fields["ma_phieu"] for c in COMMUNES for s in all_slips[c.code]}
    assert not any(i.startswith("BAD-") for i in slip_ids)

    # ---- expected figures
    total = {}
    for key in population["25489"]:
        total[key] = {k: sum(population[c][key][k] for c in SPEC) for k in population["25489"][key]}
    expected = {
        "about": "Written by scripts/make_sample_changes.py; see sample-feeds/README.md, section "
                 "'Monthly change files'. population: month-end stock (end of the month's last day) per "
                 "commune (= its district) and for province 72, after replaying the 2023-12-31 registers "
                 "and every change file in event-date order (25489: the 2024-06-30 register replaces the "
                 "state at the end of 30/06/2024). listed = alive people still in the register (any "
                 "residence status); resident = residence status 1 or 2; households = households with at "
                 "least one resident. events: effective events (after de-duplication, SUA and HUY) by "
                 "commune and month of the event date.",
        "population": {**population, "72": total},
        "events": events,
        "findings": [dict(file=f"changes/{f[0]}", line=f[1], rule=f[2], column=f[3], value=f[4]) for f in sorted(findings)],
        "duplicates": [dict(file=f"changes/{f[0]}", line=f[1], same_as=f"changes/{f[2]}", same_as_line=f[3])
                       for f in sorted(dups)],
    }
    (OUT / "expected_changes.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=False)
                                               + "\n", encoding="utf-8")
    write_readme(all_slips, files, population, events, specs, lines_per_file, sorted(findings), sorted(dups))
    for p in sorted(list(CHANGES.glob("*.csv")) + list(BAD.glob("E*.csv"))):
        print(f"{msf.hashlib.sha256(p.read_bytes()).hexdigest()[:12]}  {p.relative_to(msf.ROOT)}")
    for code in SPEC:
        print(code, {m: population[code][m]["resident"] for m in ("2023-12", "2024-01", "2024-06", "2024-12")})


# --------------------------------------------------------------------------- README

README_MARK = "## Monthly change files (P0), 2024: `changes/`"


def where(s: Slip) -> str:
    return f"`changes/{file_name(s.commune, s.month)}` line {s.line}, `{s.fields['ma_phieu']}`"


def write_readme(all_slips, files, population, events, specs, lines_per_file, findings, dups):
    S = {code: all_slips[code] for code in SPEC}

    def find(code, pred):
        r = [s for s in S[code] if pred(s)]
        assert r, code
        return r

    # special cases
    sua = find("25519", lambda s: s.tag == "sua" and s.role in ("original", "sua"))
    sua_orig = next(s for s in sua if s.role == "original")
    sua_fix = next(s for s in sua if s.role == "sua")
    sua_slss = find("25519", lambda s: s.fields["loai_bien_dong"] == "SLSS" and s.intent.ref is sua_orig.intent)[0]
    sd = find("25555", lambda s: s.tag == "sua_date")
    sd_orig = next(s for s in sd if s.role == "original")
    sd_fix = next(s for s in sd if s.role == "sua")
    huy_m = find("25555", lambda s: s.role == "mistake")[0]
    huy_h = find("25555", lambda s: s.role == "huy")[0]
    huy_right = find("25555", lambda s: s.tag == "late3")[0]
    huy_alive = find("25555", lambda s: s.tag == "alive_after_huy")[0]
    huy2_m = find("25519", lambda s: s.role == "mistake")[0]
    huy2_h = find("25519", lambda s: s.role == "huy")[0]
    huy2_after = find("25519", lambda s: s.fields["loai_bien_dong"] == "KET_HON" and s.fields["ma_ho"] == "TH03013")[0]
    late1 = find("25489", lambda s: s.tag == "late")[0]
    late2 = find("25519", lambda s: s.tag == "late2")[0]
    rs_orig = find("25555", lambda s: s.tag == "resend" and s.role == "event")[0]
    rs = find("25555", lambda s: s.role == "resend")[0]
    mv_di = find("25519", lambda s: s.tag == "move_di")[0]
    mv_den = find("25489", lambda s: s.tag == "move_den")[0]
    mv_kh1 = find("25519", lambda s: s.fields["loai_bien_dong"] == "KET_HON" and s.fields["ma_ho"] == "TH02013")[0]
    mv_kh2 = find("25489", lambda s: s.fields["loai_bien_dong"] == "KET_HON" and s.fields["ma_ho"] == "TL04008")[0]
    chain = [s for s in S["25555"] if s.intent and s.intent.ma_ho == "SD01009"
             and s.fields["loai_bien_dong"] in ("MANG_THAI", "SLTS", "SINH", "SLSS")]
    slss_next = find("25519", lambda s: s.fields["loai_bien_dong"] == "SLSS" and s.intent.ref
                     and s.intent.ref.ma_ho == "TH03011")[0]
    sinh_next = find("25519", lambda s: s.fields["loai_bien_dong"] == "SINH" and s.fields["ma_ho"] == "TH03011")[0]
    tl_mistake = find("25489", lambda s: s.role == "mistake")[0]
    tl_huy = find("25489", lambda s: s.role == "huy")[0]
    tl_sua_o = find("25489", lambda s: s.role == "original")[0]
    tl_sua = find("25489", lambda s: s.role == "sua")[0]

    def who(s):
        return f"{s.fields['ma_ho']} stt {s.fields['stt']} {s.fields['ho_ten']}"

    special = [
        ["1 SUA (content)", "25519", where(sua_orig) + " → " + where(sua_fix),
         f"SINH of {who(sua_orig)} on {sua_orig.fields['ngay_su_kien']} sent with gioi_tinh 2 (girl); the June "
         f"SUA (`ma_phieu_goc` {sua_orig.fields['ma_phieu']}) repeats the whole birth slip with gioi_tinh 1: a "
         f"boy is counted. Its newborn screening is {where(sua_slss)}"],
        ["1b SUA (event date)", "25555", where(sd_orig) + " → " + where(sd_fix),
         f"CHET of {who(sd_orig)} (a one-person household) sent dated {sd_orig.fields['ngay_su_kien']}; the "
         f"SUA moves it to {sd_fix.fields['ngay_su_kien']}: the death and the household's end count in August"],
        ["1c SUA (method)", "25489", where(tl_sua_o) + " → " + where(tl_sua),
         f"BPTT of {who(tl_sua_o)}: method {tl_sua_o.fields['bptt']} corrected to {tl_sua.fields['bptt']}"],
        ["2 HUY (death by mistake)", "25555", where(huy_m) + " → " + where(huy_h),
         f"CHET sent for the wrong member, {who(huy_m)}; the HUY in May (its ngay_su_kien is the day of the "
         f"withdrawal) withdraws it; the right death, {who(huy_right)}, comes in the same May file "
         f"({where(huy_right)}, a late report); {huy_alive.fields['ho_ten']} is alive: BPTT {where(huy_alive)}"],
        ["2b HUY (move by mistake)", "25519", where(huy2_m) + " → " + where(huy2_h),
         f"DI of {who(huy2_m)} withdrawn (seasonal work only); he marries later: {where(huy2_after)}"],
        ["2c HUY (slip entered twice)", "25489", where(tl_mistake) + " → " + where(tl_huy),
         f"a second MANG_THAI of {who(tl_mistake)} for the same pregnancy, withdrawn"],
        ["3 late report", "25489", where(late1),
         f"CHET of {who(late1)} on {late1.fields['ngay_su_kien']} in the March file: E01, counts in February "
         f"(the later register no longer lists her)"],
        ["3b late report", "25519", where(late2),
         f"SINH of {who(late2)} on {late2.fields['ngay_su_kien']} in the February file: E01, counts in January"],
        ["3c late report", "25555", where(huy_right), f"CHET of {who(huy_right)} on "
         f"{huy_right.fields['ngay_su_kien']} in the May file (see 2): E01, counts in April"],
        ["4 re-sent slip", "25555", where(rs_orig) + " = " + where(rs),
         f"BPTT of {who(rs)}: the May file repeats the April line byte for byte (ky_bao_cao "
         f"{rs.fields['ky_bao_cao']} included): no change, counted once, no finding"],
        ["5 move 25519 → 25489", "25519 / 25489", where(mv_di) + "; " + where(mv_den),
         f"Lê Gia Hân (born 13/01/2005, personal number 072305840184) marries Trần Hữu Kiệt of Tân Lập "
         f"({where(mv_kh1)} and {where(mv_kh2)}), leaves TH02013 for 25489 and joins TL04008 as stt "
         f"{mv_den.fields['stt']} (quan_he 8) on the same day, noi_den_di 25519"],
        ["6 SINH then SLSS", "25519", where(sinh_next) + "; " + where(slss_next),
         "a birth on 30/03 (at home, noi_sinh 2) screened on 02/04: SLSS in the next month's file "
         "(every other commune has same-month SLSS too, e.g. 25489 TL04007 stt 4)"],
        ["7 MANG_THAI, SLTS, SINH", "25555", "; ".join(where(s) for s in chain),
         "Lê Bảo Ngọc (SD01009 stt 2): pregnancy recorded in January, screened in February and April, "
         "gives birth in June; her newborn is screened three days later"],
    ]

    ages = {"1": [], "2": []}
    for code in SPEC:
        for s in S[code]:
            if s.role == "event" and s.fields["loai_bien_dong"] == "KET_HON":
                p = load_a0(code).get(s.fields["ma_ho"], int(s.fields["stt"]))
                ages[p.sex].append(p.age(parse_full_date(s.fields["ngay_su_kien"])))
    marriage_ages = (f"brides aged {min(ages['2'])}–{max(ages['2'])}, "
                     f"grooms {min(ages['1'])}–{max(ages['1'])}")

    # per-file table
    ftab = []
    for c in COMMUNES:
        enc = {"utf-8": "UTF-8, no BOM", "utf-8-bom": "UTF-8 with BOM", "cp1258": "Windows-1258"}[c.encoding]
        crlf = ("CRLF" if len(c.crlf_months) == 12 else
                "LF; CRLF in " + ", ".join(f"{m:02d}" for m in sorted(c.crlf_months)))
        ftab.append([f"`changes/p0_{c.code}_2024-01.csv` … `-12.csv`", c.code, enc,
                     {",": "comma", ";": "semicolon"}[c.delimiter], crlf,
                     "machine names" if c.header_style == "machine" else "Vietnamese labels",
                     f"{len(c.columns)}", f"`{'03/2024' if c.month_style == 'mm/yyyy' else '2024-03'}`",
                     " / ".join(str(lines_per_file[file_name(c.code, m)]) for m in range(1, 13))])

    def pop_rows(code):
        rows = []
        for key, v in population[code].items():
            rows.append([key if key != "2023-12" else "2023-12 (register)", v["listed"], v["resident"], v["male"],
                         v["female"], v["households"]])
        return rows

    ev_rows = []
    for code in SPEC:
        tot = {t: sum(events[code][m][t] for m in events[code]) for t in EVENT_TYPES}
        ev_rows.append([code] + [tot[t] for t in EVENT_TYPES])
    ev_month_rows = []
    for code in SPEC:
        for m in events[code]:
            e = events[code][m]
            ev_month_rows.append([code, m] + [e[t] or "" for t in EVENT_TYPES])

    h1 = [s for s in S["25489"] if s.month <= 6 and s.fields["loai_bien_dong"] in
          ("SINH", "CHET", "DI", "KET_HON", "BPTT")]
    h1_rows = [[s.fields["loai_bien_dong"], who(s), s.fields["ngay_su_kien"],
                f"`{file_name('25489', s.month)}` line {s.line}", f"`{s.fields['ma_phieu']}`"] for s in h1]

    bad = md_table(["file", "rule", "severity", "line", "column", "value", "rows", "notes"],
                   [[f"`bad/{s['file']}`", s["rule"], "warning" if s["rule"] in ("E01", "E09", "E10") else "error",
                     s["line"], s["column"], f"`{s['value']}`", s["rows"], s["note"]] for s in specs])
    find_rows = [[f"`changes/{f[0]}`", f[1], f[2], f[3], f"`{f[4]}`"] for f in findings]

    section = f"""{README_MARK}

Written by `scripts/make_sample_changes.py` (Python 3, standard library, fixed seeds, byte-identical
on re-runs). It reads the A0 registers above back from their bytes, so run it **after**
`scripts/make_sample_feeds.py`, which rewrites this README without this section. Monthly change
files (Phiếu thu tin, feeds.md §3) for 2024, twelve per commune (`ky_bao_cao` 01/2024 … 12/2024),
on the real households and people of the 2023-12-31 registers (subjects by `ma_ho` + `stt`, with
their name and, on most lines, their personal number). Every event type of code list E occurs in
every commune. `ma_phieu` runs `TL-2024-0001…`, `TH-2024-…`, `SD-2024-…` (unique per commune, never
reused); `nguon` is mostly `DI_DONG` and `WEB`, some `GIAY`; `dia_ban` and `ma_ctv` (`CTV-<xã>-<địa bàn>`)
are those of the household.

{md_table(["files", "commune", "encoding", "delimiter", "line ends", "headers", "columns", "ky_bao_cao", "lines per month (01 … 12)"], ftab)}

- 25489: all 30 columns in the order of feeds.md §3; dates `dd/mm/yyyy`, a few `d/m/yyyy`.
- 25519: Windows-1258 (tone marks as combining characters, as in its A0 file), semicolons, another
  column order, without the optional `me_so_dinh_danh` and `vo_chong_so_dinh_danh`; some notes hold
  a semicolon or comma and are quoted.
- 25555: UTF-8 with BOM (Excel "CSV UTF-8"), Vietnamese labels (`Kỳ báo cáo`, `Mã phiếu`,
  `Loại biến động`, `Ngày xảy ra`, `Nơi đến/đi`, `BPTT mới`, …), another order; `ngay_su_kien` in
  ISO `yyyy-mm-dd`, other dates `dd/mm/yyyy`, `ky_bao_cao` as `yyyy-mm`.
- Lines are sorted by event date within a file (late reports and the re-sent line therefore come
  first); no field holds a line break, so record n is physical line n + 1.
- SINH lines leave `tinh_trang_cu_tru` empty (not required): the newborn is resident (status 1), as
  every mother is. A SUA line repeats the whole content of the slip it corrects (same `ma_ho`/`stt`),
  with `loai_bien_dong` = SUA. A HUY line names the subject of the withdrawn slip and is dated on
  the day of the withdrawal.
- Realism: births to married women aged 18–45 living in the household (`thu_tu_con` = the mother's
  children listed in the household + 1: children (3) of a head or spouse, grandchildren (4) of a
  married child or child-in-law), most preceded by MANG_THAI and one or two SLTS and followed by
  SLSS two to four days later and a method a few months later; deaths mostly of people aged 70+;
  marriages of never-married adults ({marriage_ages}), followed by the bride's DEN or the
  daughter's DI; DI to communes (`25852`, `25495`, `25516`, `25570`, `25489`), provinces (`79`, `74`,
  `80`, `94`) and `NN`; DEN from communes, provinces (`38`, `79`) and `NN`, with a personal number
  whose first three digits are the province of birth registration; the other lines are method
  changes of married women 15–49.

Intended ingestion order (per commune; communes are independent): the 2023-12-31 register, then the
monthly files in order, with `a0_25489_tan_lap_2024-06-30.csv` after `p0_25489_2024-06.csv` and
before `p0_25489_2024-07.csv`. Lê Gia Hân (case 5 below) is the one person in two communes: her
personal number 072305840184 is on her 25519 register line and on the 25489 DEN of the same day that
closes it there; a warehouse that checks personal numbers across communes (R15) should ingest
`p0_25519_2024-08.csv` before `p0_25489_2024-08.csv`, or match her as the same person.

### Special cases

| case | commune | where (file, line, slip) | what |
|---|---|---|---|
""" + "\n".join("| " + " | ".join(r) + " |" for r in special) + f"""

### Tân Lập January–June and the register of 30/06/2024

The 25489 files for January–June hold exactly the events behind the differences between the two
Tân Lập registers, plus pregnancies (MANG_THAI), prenatal (SLTS) and newborn (SLSS) screenings, which
the register does not show. No other birth, death, move, marriage, divorce or method change is
dated in, or reported in, January–June for 25489, and no event of 25489 dated before 01/07/2024 is
reported after June.

{md_table(["event", "subject", "date", "file, line", "slip"], h1_rows)}

The other differences of the later register have no event type and stay register-only: TL03008
stt 5 Lê Hữu Nam, residence 1 → 3; TL01005 stt 4 and TL04009 stt 6, marital status filled in (1) at
15. The script checks that replaying the 2023 register and these files gives, at the end of
30/06/2024, exactly the people of the later register with the same names, sexes, birth dates,
ethnicities, relationships, marital statuses, residence statuses, methods and personal numbers,
these three differences apart.

### How the expected figures are computed

`expected_changes.json` holds, for each commune (its district is represented by it alone) and for
province 72 (the sum), the month-end figures of 2024, and the number of events by type and month.
The script computes them from the files as written, independently of how it generated them:

1. start from the commune's 2023-12-31 register (everyone listed is alive and present);
2. take every slip of the twelve files once (the re-sent line is the same slip: counted once);
   SUA replaces the original slip's content (event date included), HUY removes the original slip
   and its effect; SUA and HUY are not events themselves;
3. apply the events in event-date order, whatever the file that reported them (a late report
   counts at its event date): SINH and DEN add a person (DEN with the slip's residence status,
   SINH with status 1), CHET and DI remove the person from the event date on, KET_HON sets the
   marital status to 2, LY_HON to 4, BPTT the method;
4. the figures of a month are those at the end of its last day: someone who dies or leaves on that
   day is no longer counted, a baby born or a person arriving on it is;
5. 25489 only: at the end of 30/06/2024, after the events of that day, the state is replaced by
   `a0_25489_tan_lap_2024-06-30.csv` (the people it lists, as it lists them; the others are closed).
   That is where Lê Hữu Nam's residence becomes 3: he counts as resident at the end of May, not at
   the end of June. From July the events apply to that state.

Definitions are those of the register figures above: *listed* = alive people still in the
register, any residence status; *resident* = status 1 or 2; *households* = households with at least
one resident.

""" + "\n\n".join(f"#### {code} {name}\n\n" + md_table(["month end", "listed", "resident", "males", "females",
                                                          "households"], pop_rows(code))
                  for code, name in (("25489", "Xã Tân Lập"), ("25519", "Xã Tân Hà"), ("25555", "Xã Suối Đá"))) + f"""

Events of 2024 (effective, by event date):

{md_table(["commune"] + EVENT_TYPES, ev_rows)}

By month (empty = 0):

{md_table(["commune", "month"] + EVENT_TYPES, ev_month_rows)}

### Expected findings of the monthly files

Only the late reports give a finding (E01, warning, the line is loaded). The re-sent line gives no
finding: it is counted in `duplicates` and changes nothing. A SUA line carries the corrected content,
so its date may lie before its reporting month (the 25519 SUA of a May birth in June, the 25555 SUA
of an August death in October): the event was reported on time by the original slip, so this is not
a late report and the script expects no E01 there.

{md_table(["file", "line", "rule", "column", "value"], find_rows)}

Duplicates: """ + "; ".join(f"`changes/{a}` line {b} = `changes/{c}` line {e}" for a, b, c, e in dups) + f""".

### Bad change files (`bad/E*.csv`): one rule each

UTF-8, comma, LF, machine names (all 30 columns), `ky_bao_cao` 03/2024, commune 25489, subjects from
`a0_25489_tan_lap_2023-12-31.csv`; slip ids `BAD-Exx-n`, which the monthly files never use. Apply each
file alone after the 2023-12-31 register of 25489, **without** the monthly files. Each gives exactly
the rule shown and no other finding (checked by the script with its own reading of §6). Most files
start with a valid line (a MANG_THAI of TL01011 stt 2 Phan Thị Ngọc on 04/03/2024) so that the
faulty line is line 3.

{bad}

Notes:
- E03: the subject is alive in the register; the file's own CHET (line 2) makes line 3 E03.
- E05: nobody in the 2023-12-31 register is born after 01/03/2024, and an event dated before March
  would be E01 too, so the file brings its own newborn (line 2, valid) and dates its screening before
  the birth.
- E08: an implementation that reports both lines sharing the id is still right if it rejects line 3
  (line 2 came first and is loaded).

Regenerate: `python3 scripts/make_sample_feeds.py && python3 scripts/make_sample_changes.py`.
"""
    readme = OUT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_MARK in text:
        text = text[:text.index(README_MARK)].rstrip("\n") + "\n"
    readme.write_text(text + "\n" + section, encoding="utf-8")


if __name__ == "__main__":
    main()
