import Foundation

extension IndicatorMartTests {
    /// The legacy world of the mart tests: three communes of Tây Ninh (72) before the reform,
    /// Tân Lập and Thạnh Bắc in district 705, Tân Hà in 706, registered on 31/12/2023, and the
    /// change files of 2024. Ages are completed years (a partial birth date: day 15, 1 July).
    ///
    /// Register (residents: status 1 or 2), age on 31/12/2023 → 31/12/2024:
    /// - Tân Lập: A1 An m 33→34, Bình f 03/1994 (15/03/1994) 29→30 married, IUD then pill from
    ///   01/04, Cường m 8→9; A2 Dũng m 1959 (01/07/1959) 64→65, Hoa f 61 (leaves 05/05 for Tân
    ///   Hà), Giang f 23 (marries Phúc of Tân Hà 14/02, leaves 10/04 for Thạnh Bắc), Hùng long
    ///   absent (status 3, never counted), Yến f 42→43 unmarried; A3 Khoa m 38→39 temporary
    ///   resident, Lan f 1989 (01/07/1989) 34→35 married, traditional method.
    ///   Births: Diệu f 10/03 to Bình (29 on that day thanks to the 15th: ASFR 25–29; order 2;
    ///   prenatal SLTS 05/01, newborn SLSS 12/03); Hạnh f 20/06 to Lan (34, the day before the
    ///   1 July birthday: ASFR 30–34; order 3; newborn SLSS 22/06).
    /// - Thạnh Bắc: B1 Long m 43 (leaves abroad 30/06), Mai f 29/02/2000 23→24 married, pill,
    ///   Ngọc f 1940 83 (dies 15/08 aged 84). Births: Bé m 28/02 to Mai (23; order 1; prenatal
    ///   SLTS 20/01), who dies 02/04 (infant). Arrivals: Giang from Tân Lập 11/04 (B2, married),
    ///   Tâm m 1990 from Hồ Chí Minh City (79) 20/06 (B3).
    /// - Tân Hà: C1 Nam m 53→54, Oanh f 48→49 married, none then condom from 10/03, Phúc m 20→21
    ///   (marries Giang), Quyên f 16→17 (marries Sang, born 1999, not in the register, 20/02: a
    ///   child marriage; prenatal SLTS 15/03; gives birth to Tí m 20/06 aged 17: a teen birth);
    ///   C3 Thu f 31→32 widowed. Arrival: Hoa from Tân Lập 06/05 (C2).
    enum LegacyWorld {
        typealias Slip = MartWorld.Slip
        static let tanLap = MartWorld.tanLap, thanhBac = MartWorld.thanhBac, tanHa = MartWorld.tanHa

        static let asOf = "31/12/2023"
        static let register: [(commune: String, lines: [String])] = [
            (tanLap, [
                "1,A1,1,Nguyễn Văn An,1,1,10/05/1990,01,2,1,",
                "1,A1,2,Trần Thị Bình,2,2,03/1994,01,2,1,1",
                "1,A1,3,Nguyễn Văn Cường,3,1,01/06/2015,01,,1,",
                "1,A2,1,Lê Văn Dũng,1,1,1959,01,2,1,",
                "1,A2,2,Phạm Thị Hoa,2,2,20/08/1962,01,2,1,",
                "1,A2,3,Lê Thị Giang,3,2,12/12/2000,01,1,1,",
                "1,A2,4,Lê Văn Hùng,3,1,05/04/1998,01,1,3,",
                "1,A2,5,Lê Thị Yến,7,2,15/09/1981,01,1,1,",
                "1,A3,1,Võ Văn Khoa,1,1,02/02/1985,05,2,2,",
                "1,A3,2,Võ Thị Lan,2,2,1989,05,2,2,8",
            ]),
            (thanhBac, [
                "1,B1,1,Đặng Văn Long,1,1,15/07/1980,01,2,1,",
                "1,B1,2,Đỗ Thị Mai,2,2,29/02/2000,01,2,1,6",
                "1,B1,3,Đặng Thị Ngọc,5,2,1940,01,3,1,",
            ]),
            (tanHa, [
                "1,C1,1,Huỳnh Văn Nam,1,1,03/03/1970,01,2,1,",
                "1,C1,2,Huỳnh Thị Oanh,2,2,07/07/1975,01,2,1,0",
                "1,C1,3,Huỳnh Văn Phúc,3,1,10/10/2003,01,1,1,",
                "1,C1,4,Huỳnh Thị Quyên,3,2,05/05/2007,01,1,1,",
                "1,C3,1,Trịnh Thị Thu,1,2,20/01/1992,01,3,1,",
            ]),
        ]

        /// The files of 2024. Received on time (by the 5th working day after the month, Vietnam
        /// time) but for January's in Thạnh Bắc (18:30 UTC on 7 February is 01:30 on the 8th in
        /// Vietnam: one day late) and February's (10:00 on 8 March, the 6th working day; on time
        /// when 4 March is a holiday).
        static let files: [MartWorld.ChangeFile] = [
            .init(month: "01/2024", receivedAt: "2024-02-07T16:00:00Z", slips: [
                Slip(tanLap, "DI_DONG", "A-1", "SLTS", "05/01/2024", "A1", 2),
            ]),
            .init(month: "01/2024", receivedAt: "2024-02-07T18:30:00Z", slips: [
                Slip(thanhBac, "WEB", "B-1", "SLTS", "20/01/2024", "B1", 2),
            ]),
            .init(month: "02/2024", receivedAt: "2024-03-08T03:00:00Z", slips: [
                Slip(tanLap, "WEB", "A-2", "KET_HON", "14/02/2024", "A2", 3,
                     ["vo_chong_ho_ten": "Huỳnh Văn Phúc", "vo_chong_ngay_sinh": "10/10/2003"]),
                Slip(tanHa, "WEB", "C-1", "KET_HON", "14/02/2024", "C1", 3,
                     ["vo_chong_ho_ten": "Lê Thị Giang", "vo_chong_ngay_sinh": "12/12/2000"]),
                Slip(tanHa, "DI_DONG", "C-2", "KET_HON", "20/02/2024", "C1", 4,
                     ["vo_chong_ho_ten": "Trương Văn Sang", "vo_chong_ngay_sinh": "1999"]),
                Slip(thanhBac, "GIAY", "B-2", "SINH", "28/02/2024", "B1", 4,
                     MartWorld.child("Đặng Văn Bé", sex: "1", born: "28/02/2024", mother: 2, order: 1, place: 2)),
            ]),
            .init(month: "03/2024", receivedAt: "2024-04-01T02:00:00Z", slips: [
                Slip(tanLap, "DI_DONG", "A-3", "SINH", "10/03/2024", "A1", 4,
                     MartWorld.child("Nguyễn Thị Diệu", sex: "2", born: "10/03/2024", mother: 2, order: 2, place: 1)),
                Slip(tanLap, "WEB", "A-4", "SLSS", "12/03/2024", "A1", 4),
                Slip(tanHa, "WEB", "C-3", "BPTT", "10/03/2024", "C1", 2, ["bptt": "7"]),
                Slip(tanHa, "DI_DONG", "C-4", "SLTS", "15/03/2024", "C1", 4),
            ]),
            .init(month: "04/2024", receivedAt: "2024-05-02T02:00:00Z", slips: [
                Slip(tanLap, "DI_DONG", "A-5", "BPTT", "01/04/2024", "A1", 2, ["bptt": "6"]),
                Slip(tanLap, "WEB", "A-6", "DI", "10/04/2024", "A2", 3, ["noi_den_di": thanhBac]),
                Slip(thanhBac, "GIAY", "B-3", "CHET", "02/04/2024", "B1", 4),
                Slip(thanhBac, "WEB", "B-4", "DEN", "11/04/2024", "B2", 1,
                     MartWorld.person("Lê Thị Giang", sex: "2", born: "12/12/2000", relation: "1", marital: "2", residence: "1",
                                      from: tanLap)),
            ]),
            .init(month: "05/2024", receivedAt: "2024-06-03T02:00:00Z", slips: [
                Slip(tanLap, "DI_DONG", "A-7", "DI", "05/05/2024", "A2", 2, ["noi_den_di": tanHa]),
                Slip(tanHa, "DI_DONG", "C-5", "DEN", "06/05/2024", "C2", 1,
                     MartWorld.person("Phạm Thị Hoa", sex: "2", born: "20/08/1962", relation: "1", marital: "2", residence: "1",
                                      from: tanLap)),
            ]),
            .init(month: "06/2024", receivedAt: "2024-07-01T02:00:00Z", slips: [
                Slip(tanLap, "WEB", "A-8", "SINH", "20/06/2024", "A3", 3,
                     MartWorld.child("Võ Thị Hạnh", sex: "2", born: "20/06/2024", ethnicity: "05", mother: 2, order: 3, place: 1)),
                Slip(tanLap, "WEB", "A-9", "SLSS", "22/06/2024", "A3", 3),
                Slip(thanhBac, "WEB", "B-5", "DEN", "20/06/2024", "B3", 1,
                     MartWorld.person("Mạc Văn Tâm", sex: "1", born: "1990", relation: "1", marital: "1", residence: "2", from: "79")),
                Slip(thanhBac, "GIAY", "B-6", "DI", "30/06/2024", "B1", 1, ["noi_den_di": "NN"]),
                Slip(tanHa, "DI_DONG", "C-6", "SINH", "20/06/2024", "C1", 5,
                     MartWorld.child("Huỳnh Văn Tí", sex: "1", born: "20/06/2024", relation: "4", mother: 4, order: 1, place: 1)),
            ]),
            .init(month: "08/2024", receivedAt: "2024-09-02T02:00:00Z", slips: [
                Slip(thanhBac, "GIAY", "B-7", "CHET", "15/08/2024", "B1", 3),
            ]),
            // The file that brings the register to December: the year 2024 can be computed.
            .init(month: "12/2024", receivedAt: "2025-01-02T02:00:00Z", slips: [
                Slip(thanhBac, "DI_DONG", "B-8", "MANG_THAI", "01/12/2024", "B2", 1),
            ]),
        ]

        /// Lines and mobile lines of a commune's files (MOBILE_PCT).
        static func lines(of communes: Set<String>) -> (mobile: Double, all: Double) {
            let slips = files.flatMap(\.slips).filter { communes.contains($0.commune) }
            return (Double(slips.filter { $0.channel == "DI_DONG" }.count), Double(slips.count))
        }

        // MARK: the year 2024, by hand

        static var tanLap2024: UnitInputs {
            var u = UnitInputs()
            (u.people, u.males, u.females, u.households) = (9, 4, 5, 3)          // An Cường Dũng Khoa; Bình Yến Lan Diệu Hạnh
            (u.aged0to14, u.aged15to64, u.aged65plus, u.aged60plus) = (3, 5, 1, 1) // Dũng is 65 at the end of 2024
            (u.mwra, u.mwraAnyMethod, u.mwraModernMethod) = (2, 2, 1)           // Bình (pill), Lan (traditional)
            u.womenEnd = [0, 0, 0, 1, 1, 1, 0]                                  // Bình 30, Lan 35, Yến 43
            u.peopleStart = 9
            u.womenStart = [0, 1, 1, 1, 0, 1, 0]                                // Giang 23, Bình 29, Lan 34, Yến 42
            (u.births, u.birthsMale, u.birthsFemale, u.births2nd, u.births3plus, u.birthsTeen) = (2, 0, 2, 1, 1, 0)
            u.birthsByGroup = [0, 0, 1, 1, 0, 0, 0]
            (u.prenatalScreened, u.newbornScreened) = (1, 2)
            (u.inMigrants, u.outMigrants) = (0, 2)                              // Giang, Hoa leave
            (u.marriages, u.childMarriages) = (1, 0)
            u.onTime = (500, 12)                                                // on time in Jan, Mar–Jun
            (u.mobileLines, u.lines) = lines(of: [tanLap])
            return u
        }

        static var thanhBac2024: UnitInputs {
            var u = UnitInputs()
            (u.people, u.males, u.females, u.households) = (3, 1, 2, 3)          // Tâm; Mai, Giang
            (u.aged0to14, u.aged15to64, u.aged65plus, u.aged60plus) = (0, 3, 0, 0)
            (u.mwra, u.mwraAnyMethod, u.mwraModernMethod) = (2, 1, 1)           // Mai (pill), Giang (not stated)
            u.womenEnd = [0, 2, 0, 0, 0, 0, 0]
            u.peopleStart = 3
            u.womenStart = [0, 1, 0, 0, 0, 0, 0]
            (u.births, u.birthsMale, u.birthsFemale) = (1, 1, 0)
            u.birthsByGroup = [0, 1, 0, 0, 0, 0, 0]
            u.prenatalScreened = 1
            (u.deaths, u.infantDeaths, u.under5Deaths) = (2, 1, 1)              // Bé, Ngọc
            (u.inMigrants, u.outMigrants) = (2, 1)                              // Giang, Tâm in; Long out
            u.onTime = (400, 12)                                                // Apr, Jun, Aug, Dec
            (u.mobileLines, u.lines) = lines(of: [thanhBac])
            return u
        }

        static var tanHa2024: UnitInputs {
            var u = UnitInputs()
            (u.people, u.males, u.females, u.households) = (7, 3, 4, 3)          // Nam Phúc Tí; Oanh Quyên Thu Hoa
            (u.aged0to14, u.aged15to64, u.aged65plus, u.aged60plus) = (1, 6, 0, 1)
            (u.mwra, u.mwraAnyMethod, u.mwraModernMethod) = (2, 1, 1)           // Oanh (condom), Quyên (not stated)
            u.womenEnd = [1, 0, 0, 1, 0, 0, 1]                                  // Quyên 17, Thu 32, Oanh 49
            u.peopleStart = 5
            u.womenStart = [1, 0, 0, 1, 0, 0, 1]
            (u.births, u.birthsMale, u.birthsTeen) = (1, 1, 1)
            u.birthsByGroup = [1, 0, 0, 0, 0, 0, 0]
            u.prenatalScreened = 1
            u.inMigrants = 1                                                    // Hoa
            (u.marriages, u.childMarriages) = (2, 1)                            // Phúc and Giang, Quyên
            u.onTime = (300, 12)                                                // Mar, May, Jun
            (u.mobileLines, u.lines) = lines(of: [tanHa])
            return u
        }

        /// District 705: Tân Lập and Thạnh Bắc. Giang's move stays inside it.
        static var district705in2024: UnitInputs {
            var u = UnitInputs()
            (u.people, u.males, u.females, u.households) = (12, 5, 7, 6)
            (u.aged0to14, u.aged15to64, u.aged65plus, u.aged60plus) = (3, 8, 1, 1)
            (u.mwra, u.mwraAnyMethod, u.mwraModernMethod) = (4, 3, 2)
            u.womenEnd = [0, 2, 0, 1, 1, 1, 0]
            u.peopleStart = 12
            u.womenStart = [0, 2, 1, 1, 0, 1, 0]
            (u.births, u.birthsMale, u.birthsFemale, u.births2nd, u.births3plus, u.birthsTeen) = (3, 1, 2, 1, 1, 0)
            u.birthsByGroup = [0, 1, 1, 1, 0, 0, 0]
            (u.prenatalScreened, u.newbornScreened) = (2, 2)
            (u.deaths, u.infantDeaths, u.under5Deaths) = (2, 1, 1)
            (u.inMigrants, u.outMigrants) = (1, 2)                              // Tâm in; Hoa (to 706), Long out
            (u.marriages, u.childMarriages) = (1, 0)
            u.onTime = (450, 12)                                                // 50 100 50 100 50 50 % months
            (u.mobileLines, u.lines) = lines(of: [tanLap, thanhBac])
            return u
        }

        /// District 706: Tân Hà alone; Hoa's arrival crosses the district boundary too.
        static var district706in2024: UnitInputs { tanHa2024 }

        /// The province: Tâm's arrival and Long's departure cross its boundary; the couple of Tân Lập
        /// and Tân Hà is one marriage.
        static var province2024: UnitInputs {
            var u = UnitInputs()
            (u.people, u.males, u.females, u.households) = (19, 8, 11, 9)
            (u.aged0to14, u.aged15to64, u.aged65plus, u.aged60plus) = (4, 14, 1, 2)
            (u.mwra, u.mwraAnyMethod, u.mwraModernMethod) = (6, 4, 3)
            u.womenEnd = [1, 2, 0, 2, 1, 1, 1]
            u.peopleStart = 17
            u.womenStart = [1, 2, 1, 2, 0, 1, 1]
            (u.births, u.birthsMale, u.birthsFemale, u.births2nd, u.births3plus, u.birthsTeen) = (4, 2, 2, 1, 1, 1)
            u.birthsByGroup = [1, 1, 1, 1, 0, 0, 0]
            (u.prenatalScreened, u.newbornScreened) = (3, 2)
            (u.deaths, u.infantDeaths, u.under5Deaths) = (2, 1, 1)
            (u.inMigrants, u.outMigrants) = (1, 1)
            (u.marriages, u.childMarriages) = (2, 1)
            u.onTime = (400, 12)                                                // on-time communes of 3: 1 0 2 2 2 3 0 1 0 0 0 1
            (u.mobileLines, u.lines) = lines(of: [tanLap, thanhBac, tanHa])
            return u
        }
    }
}
