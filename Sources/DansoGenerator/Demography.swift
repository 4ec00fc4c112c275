/// The rates and mixes the synthetic province is drawn from, in one place so they can be
/// tuned together. Sources are rough orders of magnitude (GSO 2019 census and yearly
/// surveys for Tây Ninh: crude birth rate ≈ 13‰, death rate ≈ 6‰, net out-migration to
/// Hồ Chí Minh City and Bình Dương, Khmer and Chăm minorities in the border districts).
enum Demography {
    /// Ethnic groups by district (GSO codes of reference/ethnic_groups.csv: 01 Kinh, 05 Khmer,
    /// 06 Hoa, 14 Chăm, 02 Tày, 03 Thái, 04 Mường, 07 Nùng, 22 Xtiêng, 31 Chơ Ro).
    static func ethnicMix(district: String) -> [(Int, Double)] {
        let others: [(Int, Double)] = [(2, 0.12), (4, 0.1), (7, 0.08), (3, 0.05), (22, 0.08), (31, 0.04)]
        let main: [(Int, Double)] = switch district {
        case "705": [(1, 95.0), (5, 3.6), (14, 0.3), (6, 0.4)]
        case "706": [(1, 93.4), (5, 3.6), (14, 1.9), (6, 0.3)]
        case "708": [(1, 95.6), (5, 3.2), (14, 0.6), (6, 0.3)]
        case "703": [(1, 97.6), (6, 1.2), (5, 0.6), (14, 0.2)]
        case "709", "712": [(1, 98.6), (6, 0.8), (5, 0.3)]
        case "707", "711": [(1, 98.3), (5, 1.0), (6, 0.4)]
        default: [(1, 98.8), (6, 0.5), (5, 0.3)]
        }
        return main + others
    }

    /// Highest level completed (code list H) by age and cohort; 255 left empty.
    static func education(age: Int, year: Int, ethnic: Int, _ rng: inout Xoshiro) -> UInt8 {
        if age < 6 { return rng.chance(0.5) ? 255 : 0 }
        if rng.chance(0.06) { return 255 }
        if age <= 10 { return 1 }
        if age <= 14 { return 2 }
        if age <= 17 { return 3 }
        var levels: [(UInt8, Double)] =
            year < 1950 ? [(0, 15), (1, 35), (2, 30), (3, 15), (4, 5)]
            : year < 1970 ? [(1, 15), (2, 30), (3, 35), (4, 15), (5, 3), (7, 2)]
            : year < 1990 ? [(1, 5), (2, 20), (3, 35), (4, 25), (5, 6), (6, 4), (7, 5)]
            : [(2, 8), (3, 25), (4, 40), (5, 8), (6, 7), (7, 11), (8, 1)]
        if ethnic == 5 || ethnic == 14 { levels = levels.map { ($0.0, $0.0 <= 3 ? $0.1 * 3 : $0.1) } }
        return levels[WeightTable(levels.map(\.1)).draw(&rng)].0
    }

    /// Yearly probability of dying at an age (a Gompertz-like curve, men higher).
    static func deathRate(age: Int, male: Bool) -> Double {
        let q: Double = switch age {
        case 0: 0.011
        case 1...4: 0.0009
        case 5...14: 0.0004
        case 15...29: 0.0008
        case 30...44: 0.0015
        case 45...54: 0.0042
        case 55...64: 0.0095
        case 65...74: 0.022
        case 75...84: 0.058
        case 85...94: 0.15
        default: 0.3
        }
        return age >= 15 ? q * (male ? 1.35 : 0.7) : q
    }

    /// Monthly probability that a married woman becomes pregnant (known to the collaborator).
    static func pregnancyRate(age: Int, parity: Int) -> Double {
        let base: Double = switch age {
        case 18...24: 0.019
        case 25...29: 0.016
        case 30...34: 0.0095
        case 35...39: 0.004
        case 40...44: 0.001
        default: 0
        }
        let byParity: Double = switch parity {
        case 0: 1.7
        case 1: 1.1
        case 2: 0.3
        default: 0.1
        }
        return base * byParity
    }

    /// Methods married women use (code list B), for the register and for changes.
    static let methods: [(UInt8, Double)] = [(1, 30), (6, 20), (7, 18), (0, 10), (2, 5), (4, 4), (5, 5), (8, 6), (3, 2)]
    /// Methods taken up after a birth.
    static let postpartum: [(UInt8, Double)] = [(1, 35), (6, 20), (7, 15), (5, 10), (4, 8), (2, 6), (8, 6)]

    /// Other provinces people leave for (2-digit codes valid until 30/06/2025).
    static let destinations: [(String, Double)] = [("79", 34), ("74", 26), ("75", 9), ("80", 9), ("70", 6), ("77", 2),
        ("94", 2), ("84", 2), ("89", 2), ("87", 1), ("91", 1), ("01", 1), ("48", 1), ("68", 1), ("66", 1), ("92", 2)]
    /// Provinces people come from (birth registration provinces of incoming people too).
    static let origins: [(String, Double)] = [("80", 14), ("79", 18), ("74", 10), ("70", 8), ("94", 6), ("84", 5),
        ("89", 5), ("87", 4), ("86", 3), ("83", 3), ("82", 3), ("91", 3), ("92", 3), ("38", 4), ("40", 4), ("42", 2),
        ("52", 2), ("66", 2), ("64", 1), ("36", 1), ("34", 1)]
    /// `list` without province `own` (2-digit code): "another province" for someone of `own`.
    /// The list itself when `own` is not in it, so the draws are the same as from the list.
    static func excluding(_ own: Int, from list: [(String, Double)]) -> [(String, Double)] {
        guard list.contains(where: { Int($0.0) == own }) else { return list }
        return list.filter { Int($0.0) != own }
    }

    /// Ghi chú on some slips, by event; plain Vietnamese, some with commas (quoted fields).
    static let notes: [String: [String]] = [
        "DI": ["Chuyển đến nơi làm việc mới", "Đi làm công nhân, đã có việc ổn định", "Về nhà chồng",
               "Chuyển theo gia đình", "Đi xuất khẩu lao động"],
        "DEN": ["Về làm dâu", "Thuê nhà, đăng ký tạm trú", "Về ở cùng con cái", "Chuyển về quê, ở cùng gia đình"],
        "BPTT": ["Áp dụng BPTT sau sinh", "Đổi biện pháp theo tư vấn của trạm y tế", "Ngừng BPTT, muốn sinh thêm con"],
        "CHET": ["Mất tại nhà", "Mất tại bệnh viện tỉnh", "Tuổi già, bệnh nặng"],
        "SINH": ["Sinh tại trạm y tế xã", "Sinh tại bệnh viện, mẹ tròn con vuông"],
        "KET_HON": ["Đã đăng ký kết hôn tại UBND xã"],
    ]
}
