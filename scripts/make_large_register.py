#!/usr/bin/env python3
"""Writes a large, valid household register (A0) for one commune, for load measurements.

usage: make_large_register.py PEOPLE OUT.csv [COMMUNE]
Households of four (head, spouse, two children), UTF-8, comma, machine-name headers.
"""
import sys

people = int(sys.argv[1])
out = sys.argv[2]
commune = sys.argv[3] if len(sys.argv) > 3 else "25489"
families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
men = ["Văn An", "Văn Bình", "Minh Đức", "Quốc Việt", "Hữu Phước", "Thanh Tùng"]
women = ["Thị Hồng", "Thị Lan", "Thị Ánh Tuyết", "Ngọc Hân", "Thị Mỹ Duyên", "Thị Thu Hà"]
header = ("ngay_chot,ma_xa,dia_ban,ma_ho,dia_chi,stt,so_dinh_danh,ho_ten,quan_he_chu_ho,gioi_tinh,"
          "ngay_sinh,dan_toc,trinh_do_hoc_van,tinh_trang_hon_nhan,tinh_trang_cu_tru,bptt")
serial = 0
def pn(sex, year):
    global serial
    serial += 1
    digit = (0 if year < 2000 else 2) + (0 if sex == 1 else 1)
    return f"072{digit}{year % 100:02d}{serial:06d}"
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(header + "\n")
    written = 0
    h = 0
    while written < people:
        h += 1
        fam = families[h % len(families)]
        hh = f"HH{h:07d}"
        area = 1 + h % 12
        addr = f"\"Ấp {1 + h % 9}, Tổ {1 + h % 20}\""
        y = 1960 + h % 25
        members = [
            (1, 1, f"{fam} {men[h % 6]}", f"{1 + h % 28:02d}/{1 + h % 12:02d}/{y}", 4, 2, ""),
            (2, 2, f"{['Lê', 'Trần', 'Võ'][h % 3]} {women[h % 6]}", f"15/06/{y + 2}", 3, 2, str(1 + h % 7)),
            (3, 1, f"{fam} {men[(h + 1) % 6]}", f"03/03/{y + 25}", 4, 1, ""),
            (3, 2, f"{fam} {women[(h + 2) % 6]}", f"09/09/{y + 28}", 4, 1, ""),
        ]
        for stt, (rel, sex, name, born, edu, marital, method) in enumerate(members, 1):
            if written >= people:
                break
            year = int(born[-4:])
            method = method if (rel == 2 and 2023 - year <= 49) else ""
            f.write(f"31/12/2023,{commune},{area},{hh},{addr},{stt},{pn(sex, year)},{name},{rel},{sex},{born},01,{edu},{marital},1,{method}\n")
            written += 1
