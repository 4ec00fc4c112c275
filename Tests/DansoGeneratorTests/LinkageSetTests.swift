import DansoGenerator
import Foundation
import Testing

/// The record-linkage set: the same bytes for a seed, every kind of duplicate, duplicates
/// that are their person's record written otherwise, and the hard negatives kept apart.
@Suite struct LinkageSetTests {
    static func generate(people: Int, seed: UInt64) throws -> (dir: String, result: LinkageResult, records: [LinkageRecord]) {
        var options = LinkageOptions(outputDirectory: GeneratorFixture.directory(), referenceDirectory: GeneratorFixture.reference)
        options.people = people
        options.seed = seed
        let set = LinkageSet(options: options)
        let box = Box()
        set.sink = { box.records.append($0) }
        let result = try set.run()
        return (options.outputDirectory, result, box.records)
    }

    final class Box: @unchecked Sendable { var records: [LinkageRecord] = [] }

    /// The 20,000-person set, made once for the tests that only read it.
    static let medium = Result { try generate(people: 20_000, seed: 3) }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try Self.generate(people: 3_000, seed: 11)
        let b = try Self.generate(people: 3_000, seed: 11)
        let c = try Self.generate(people: 3_000, seed: 12)
        let da = try GeneratorFixture.digests(a.dir)
        #expect(Set(da.keys) == ["records.csv", "summary.json"])
        #expect(da == (try GeneratorFixture.digests(b.dir)))
        #expect(da["records.csv"] != (try GeneratorFixture.digests(c.dir))["records.csv"])
    }

    @Test func theFileHoldsTheRecordsMeant() throws {
        let (dir, result, records) = try Self.medium.get()
        let text = try String(contentsOfFile: "\(dir)/records.csv", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.removeLast() == "")
        #expect(lines.removeFirst() == LinkageSet.header.joined(separator: ","))
        #expect(lines.count == result.records)
        #expect(lines.map(GeneratorFixture.splitCSV) == records.map(\.fields))
        #expect(records.map(\.recordID) == Array(1...records.count))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/summary.json"))) as! [String: Any]
        #expect(summary["records"] as? Int == result.records)
        #expect(summary["true_pairs"] as? Int == result.truePairs)
    }

    @Test func aboutFourPercentOfPeopleHaveDuplicatesOfEveryKind() throws {
        let (_, result, records) = try Self.medium.get()
        #expect((19_000...21_500).contains(result.people))
        #expect(records.count == result.people + result.duplicates)
        let share = Double(result.duplicatedPeople) / Double(result.people)
        #expect((0.03...0.05).contains(share), "\(share)")
        for kind in DuplicateKind.allCases {
            #expect((result.byKind[kind] ?? 0) >= 15, "\(kind.rawValue): \(result.byKind[kind] ?? 0)")
        }
        #expect(result.byCombination.keys.contains { $0.contains("+") })
    }

    @Test func duplicatesAreTheirPersonsRecordWrittenOtherwise() throws {
        let (_, result, records) = try Self.medium.get()
        let originals = Dictionary(grouping: records.filter { $0.kinds.isEmpty }, by: \.trueID)
        #expect(originals.count == result.people)
        #expect(originals.values.allSatisfy { $0.count == 1 && $0[0].source == "register" })
        var pairs = 0
        for (_, group) in Dictionary(grouping: records, by: \.trueID) { pairs += group.count * (group.count - 1) / 2 }
        #expect(pairs == result.truePairs)
        for d in records where !d.kinds.isEmpty {
            let o = try #require(originals[d.trueID]?.first, "\(d.recordID)")
            #expect(d.sex == o.sex)
            var same = d
            (same.recordID, same.kinds, same.source) = (o.recordID, o.kinds, o.source)
            #expect(same != o, "\(d.fields)")
            for kind in d.kinds { #expect(Self.shows(kind, d, o), "\(kind.rawValue): \(o.fields) → \(d.fields)") }
        }
    }

    /// Whether duplicate `d` of original `o` shows `kind`.
    static func shows(_ kind: DuplicateKind, _ d: LinkageRecord, _ o: LinkageRecord) -> Bool {
        switch kind {
        case .nameTypo: return d.fullName != o.fullName
        case .dayMonthSwapped: return d.birthMonth == o.birthDay && d.birthDay == o.birthMonth && d.birthMonth != d.birthDay
        case .pnMissing: return d.personalNumber.isEmpty && !o.personalNumber.isEmpty
        case .pnMistyped:
            let a = Array(d.personalNumber.utf8), b = Array(o.personalNumber.utf8)
            let off = a.indices.filter { $0 < b.count && a[$0] != b[$0] }
            return a.count == 12 && b.count == 12
                && (off.count == 1 || (off.count == 2 && off[1] == off[0] + 1 && a[off[0]] == b[off[1]] && a[off[1]] == b[off[0]]))
        case .twoHouseholds: return d.householdKey != o.householdKey
        case .moved: return d.communeCode != o.communeCode && d.householdKey != o.householdKey && d.source == "move_slip"
        case .yearOnly: return d.birthMonth == 0 && d.birthDay == 0 && o.birthMonth != 0 && d.birthYear == o.birthYear
        case .birthTwice:
            let days = Day(d.birthYear, d.birthMonth, d.birthDay) - Day(o.birthYear, o.birthMonth, o.birthDay)
            return d.motherKey != nil && d.motherKey == o.motherKey && d.householdKey == o.householdKey
                && abs(days) <= 5 && d.source == "birth_slip"
        }
    }

    @Test func twinsSiblingsAndNamesakesStayDistinctPeople() throws {
        let (_, result, records) = try Self.medium.get()
        let originals = records.filter { $0.kinds.isEmpty }
        // Twins: two people of one mother born the same day, with different given names.
        var byMotherAndDay: [String: [LinkageRecord]] = [:]
        for r in originals where r.motherKey != nil {
            byMotherAndDay["\(r.motherKey!) \(r.birthYear)-\(r.birthMonth)-\(r.birthDay)", default: []].append(r)
        }
        let twins = byMotherAndDay.values.filter { $0.count == 2 }
        #expect(twins.count >= result.twinPairs)
        #expect(result.twinPairs > 50)
        #expect(twins.allSatisfy { $0[0].trueID != $0[1].trueID && $0[0].fullName != $0[1].fullName })
        // No household lists two people of one name.
        var byHousehold: [String: Set<String>] = [:]
        for r in originals {
            #expect(byHousehold[r.householdKey, default: []].insert(r.fullName).inserted, "\(r.householdKey): \(r.fullName)")
        }
        // Common names are shared by people of other communes.
        let lan = originals.filter { $0.fullName == "Nguyễn Thị Lan" }
        #expect(lan.count >= 5)
        #expect(Set(lan.map(\.communeCode)).count >= 3)
        // Mothers are women of the household, 15 to 50 years older.
        let people = Dictionary(uniqueKeysWithValues: originals.map { ($0.trueID, $0) })
        for r in originals {
            guard let m = r.motherKey else { continue }
            let mother = try #require(people[m])
            #expect(mother.sex == 2 && mother.householdKey == r.householdKey && (15...50).contains(r.birthYear - mother.birthYear))
        }
    }
}
