import DansoDomain
import Foundation

/// Term-frequency adjustment for common names (Nguyễn Thị Lan…), as Splink's.
///
/// Two records that agree on "Nguyễn Thị Lan" say less than two that agree on "Quách Mẫn":
/// a third of the province is Nguyễn. When the name agrees, the level's u is multiplied by
/// tf / mean tf, so the weight changes by log2(mean tf / tf), where tf is the chance that
/// another record carries the same name:
/// - the whole name agrees (levels `exactTone`, `exactFolded`): tf is the share of records
///   with this folded full name. The middle name carries information (`Nguyễn Văn Hùng` is
///   common, `Nguyễn Khắc Hùng` is not), which given × family frequency left out: on the
///   synthetic province of 1.2 million people, namesakes born the same day were most of the
///   wrong links, and weighing the whole name cut them by a third.
/// - only the given and family names agree (`sameGivenAndFamily`): tf is given-name
///   frequency × family-name frequency (folded tokens, assumed independent).
///
/// - Important: u is scaled by the ratio rather than replaced by tf itself (Splink's rule
///   for a level other than "exact"), so an average name keeps the level's weight, a common
///   one loses, a rare one gains. tf never counts below `floor` (mean tf × `floorFraction`):
///   a name seen twice, perhaps a typo repeated, gains at most log2(1 / floorFraction) bits
///   (4 by default). Counts given by name tokens only (``init(givenCounts:familyCounts:floorFraction:)``)
///   weigh a whole name by its tokens too.
public struct TermFrequencyAdjustment: Sendable {
    /// Records counted for each token kind.
    public let givenTotal: Int, familyTotal: Int
    private let givenCounts: [String: Int]
    private let familyCounts: [String: Int]
    /// Mean tf over random pairs: Σ p(given)² × Σ p(family)².
    public let reference: Double
    /// The lowest tf used.
    public let floor: Double
    /// Records counted by folded full name (0 when only tokens were counted).
    public let fullNameTotal: Int
    private let fullNameCounts: [String: Int]
    /// Mean tf of a whole name over random pairs (Σ p(full name)²), and its floor.
    public let fullNameReference: Double, fullNameFloor: Double

    public init(records: [PersonRecord], floorFraction: Double = 1.0 / 16) {
        self.init(names: records.map { NameForms($0.fullName) }, floorFraction: floorFraction)
    }

    /// From names already worked out (the matcher has them).
    public init(names: [NameForms], floorFraction: Double = 1.0 / 16) {
        var given: [String: Int] = [:], family: [String: Int] = [:], full: [String: Int] = [:]
        for forms in names {
            if !forms.given.isEmpty { given[forms.given, default: 0] += 1 }
            if !forms.family.isEmpty { family[forms.family, default: 0] += 1 }
            if !forms.family.isEmpty, !forms.given.isEmpty { full[forms.folded, default: 0] += 1 }
        }
        self.init(foldedGiven: given, foldedFamily: family, foldedFull: full, floorFraction: floorFraction)
    }

    /// From counts of records by given and by family name (counted elsewhere, e.g. in SQL);
    /// the names are folded here, so counts of `Lan` and `lan` add up.
    public init(givenCounts: [String: Int], familyCounts: [String: Int], floorFraction: Double = 1.0 / 16) {
        func folded(_ counts: [String: Int]) -> [String: Int] {
            var out: [String: Int] = [:]
            for (name, count) in counts where count > 0 {
                let key = VietnameseText.foldDiacritics(name.trimmingSpaces)
                if !key.isEmpty { out[key, default: 0] += count }
            }
            return out
        }
        self.init(foldedGiven: folded(givenCounts), foldedFamily: folded(familyCounts), foldedFull: [:],
                  floorFraction: floorFraction)
    }

    private init(foldedGiven given: [String: Int], foldedFamily family: [String: Int], foldedFull full: [String: Int],
                 floorFraction: Double) {
        let fullTotal = full.values.reduce(0, +)
        self.init(foldedGiven: given, foldedFamily: family, someFull: full, fullTotal: fullTotal,
                  fullSquares: Self.sumOfSquares(full, fullTotal), floorFraction: floorFraction)
    }

    /// From a run's name counts made where its records are (``NameFrequencies``), with the
    /// whole-name counts of only the names that will be looked up: a piece of a run weighs
    /// names exactly as the whole run would.
    init(frequencies: NameFrequencies, fullNameCounts: [String: Int], floorFraction: Double = 1.0 / 16) {
        self.init(foldedGiven: frequencies.given, foldedFamily: frequencies.family, someFull: fullNameCounts,
                  fullTotal: frequencies.fullNameTotal, fullSquares: frequencies.fullNameSquares,
                  floorFraction: floorFraction)
    }

    private init(foldedGiven given: [String: Int], foldedFamily family: [String: Int], someFull full: [String: Int],
                 fullTotal: Int, fullSquares: Double, floorFraction: Double) {
        let givenTotal = given.values.reduce(0, +), familyTotal = family.values.reduce(0, +)
        givenCounts = given
        familyCounts = family
        self.givenTotal = givenTotal
        self.familyTotal = familyTotal
        reference = Self.sumOfSquares(given, givenTotal) * Self.sumOfSquares(family, familyTotal)
        floor = reference * floorFraction
        fullNameCounts = full
        fullNameTotal = fullTotal
        fullNameReference = fullSquares
        fullNameFloor = fullNameReference * floorFraction
    }

    /// Σ (count / total)² over the names, summed in key order: the same number on every run.
    static func sumOfSquares(_ counts: [String: Int], _ total: Int) -> Double {
        guard total > 0 else { return 0 }
        return counts.sorted { $0.key < $1.key }.reduce(0) { $0 + pow(Double($1.value) / Double(total), 2) }
    }

    /// Share of records whose given name (folded) is this one's.
    public func frequency(ofGiven given: String) -> Double {
        frequency(foldedGiven: VietnameseText.foldDiacritics(given.trimmingSpaces))
    }

    /// Share of records whose family name (folded) is this one's.
    public func frequency(ofFamily family: String) -> Double {
        frequency(foldedFamily: VietnameseText.foldDiacritics(family.trimmingSpaces))
    }

    /// tf of a name: given × family frequency, at least `floor`.
    public func frequency(given: String, family: String) -> Double {
        max(floor, frequency(ofGiven: given) * frequency(ofFamily: family))
    }

    /// log2(mean tf / tf): what the adjustment adds to the name's weight.
    /// 0 when either name is empty: a one-word name has no family name to weigh.
    public func log2Adjustment(given: String, family: String) -> Double {
        guard reference > 0, !given.isEmpty, !family.isEmpty else { return 0 }
        return log2(reference / frequency(given: given, family: family))
    }

    /// log2(mean tf / tf) of a whole name (``NameForms/folded``) that two records share;
    /// by its given and family names when whole names were not counted. 0 for a one-word name.
    public func log2Adjustment(fullName folded: String, given: String, family: String) -> Double {
        guard fullNameReference > 0 else { return log2Adjustment(given: given, family: family) }
        guard !given.isEmpty, !family.isEmpty else { return 0 }
        let tf = max(fullNameFloor, Double(fullNameCounts[folded] ?? 0) / Double(fullNameTotal))
        return log2(fullNameReference / tf)
    }

    /// What two folded full names one edit apart (name level `similar`) lose when both are
    /// common: the whole-name adjustment of the rarer of them when it is negative, else 0;
    /// 0 when either is one word.
    ///
    /// Two common names one letter apart are two names (`Nguyễn Thị Lan`, `Nguyễn Thị Loan`):
    /// the chance of two strangers writing them grows with the rarer one's frequency, while a
    /// slip of the pen makes a spelling nobody else has (`Trần Thị Mỹ Yêl`). A rare spelling
    /// gains nothing, though: in a small register every name is rare, and siblings' names
    /// one letter apart (`Lan`, `Lam`) would gain with it. On the synthetic province of 1.2
    /// million people this took a tenth of the level's wrong links away and lost none of its
    /// true pairs.
    public func log2Adjustment(similar a: String, _ b: String) -> Double {
        guard fullNameReference > 0, a.utf8.contains(0x20), b.utf8.contains(0x20) else { return 0 }
        func adjustment(_ folded: String) -> Double {
            log2(fullNameReference / max(fullNameFloor, Double(fullNameCounts[folded] ?? 0) / Double(fullNameTotal)))
        }
        return min(0, max(adjustment(a), adjustment(b)))
    }

    /// The whole-name adjustment from folded forms (the matcher's per-record table).
    func log2FullNameAdjustment(_ names: NameForms) -> Double {
        log2Adjustment(fullName: names.folded, given: names.given, family: names.family)
    }

    /// The given × family adjustment from folded forms, without folding again (the matcher's per-record table).
    func log2Adjustment(_ names: NameForms) -> Double {
        guard reference > 0, !names.given.isEmpty, !names.family.isEmpty else { return 0 }
        let tf = max(floor, frequency(foldedGiven: names.given) * frequency(foldedFamily: names.family))
        return log2(reference / tf)
    }

    private func frequency(foldedGiven: String) -> Double {
        givenTotal == 0 ? 0 : Double(givenCounts[foldedGiven] ?? 0) / Double(givenTotal)
    }

    private func frequency(foldedFamily: String) -> Double {
        familyTotal == 0 ? 0 : Double(familyCounts[foldedFamily] ?? 0) / Double(familyTotal)
    }
}
