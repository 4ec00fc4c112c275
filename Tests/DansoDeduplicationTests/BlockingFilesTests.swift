@testable import DansoDeduplication
import DansoLinkage
import DansoPostgres
import DansoTestSupport
import Foundation
import Testing

/// A linkage run's working files (``RegisterBlocks``) give back what was written: identities
/// whole, entries in order across reads, and whole names counted as PostgreSQL counted them.
@Suite struct BlockingFilesTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("danso-files-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every field, absent values, a name written otherwise than its NFC form and one with a
    /// tone spelled the other way, and keys missing under some rules.
    @Test func anIdentityIsReadBackAsItWasWritten() {
        let identities = [
            BlockedIdentity(record: PersonRecord(id: 1_234_567_890_123, fullName: "  Nguyễn  Thị Thuỷ ", sex: 2, birthYear: 1990,
                                                 birthMonth: 2, birthDay: 29, personalNumber: "072190000123", householdKey: "881",
                                                 communeCode: "25456", motherKey: "77", area: "80"),
                            isNew: true, origin: "birth", names: NameForms("  Nguyễn  Thị Thuỷ "), keys: [nil, 42, -7, nil, Int64.min, Int64.max]),
            BlockedIdentity(record: PersonRecord(id: 5, fullName: "lê văn an"), isNew: false, origin: nil,
                            names: NameForms("lê văn an"), keys: [nil, nil, nil, nil, nil, nil]),
            // A one-token name (not counted by whole name), an origin of another kind, numbers
            // of any size and a text longer than a byte can count.
            BlockedIdentity(record: PersonRecord(id: -1, fullName: "An", sex: -3, birthYear: Int(Int32.max) * 4, birthMonth: 0,
                                                 birthDay: Int(Int64.min), personalNumber: String(repeating: "9", count: 300),
                                                 householdKey: ""),
                            isNew: true, origin: "imported", names: NameForms("An"), keys: [1, 2, 3, 4, 5, 6]),
        ]
        for identity in identities {
            var out = ByteWriter()
            identity.write(to: &out)
            out.bytes.withUnsafeBytes { entry in
                let back = BlockedIdentity(entry, rules: identity.keys.count)
                #expect(back.record == identity.record)
                #expect(back.isNew == identity.isNew)
                #expect(back.origin == identity.origin)
                #expect(back.names == identity.names)
                #expect(back.names.given == identity.names.given && back.names.family == identity.names.family)
                #expect(back.keys == identity.keys)
                #expect(BlockedIdentity.id(entry) == identity.record.id)
                #expect(BlockedIdentity.isNew(entry) == identity.isNew)
                for j in identity.keys.indices { #expect(BlockedIdentity.key(entry, rule: j) == identity.keys[j]) }
                #expect(BlockedIdentity.wholeName(entry) == (identity.names.countsByWholeName ? identity.names.folded : nil))
            }
        }
        #expect(identities[0].names.toned != identities[0].names.nfc)
    }

    /// Entries of many sizes, some larger than a read, come back in order and whole.
    @Test func entriesComeBackInOrderAcrossReads() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("entries").path
        let writer = try ScratchWriter(path: path, capacity: 1_000)
        var sizes: [Int] = []
        var entry = ByteWriter()
        for i in 0..<3_000 {
            let size = i == 1_500 ? 5 << 20 : (i * 7_919) % 5_000
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }
            bytes.withUnsafeBytes { entry.append(raw: $0) }
            try writer.append(entry)
            entry.removeAll()
            sizes.append(size)
        }
        try writer.flush()
        var i = 0
        try ScratchFile.forEachEntry(path) { e in
            #expect(e.count == sizes[i])
            if !e.isEmpty { #expect(e[0] == UInt8(truncatingIfNeeded: i) && e[e.count - 1] == UInt8(truncatingIfNeeded: e.count - 1 + i)) }
            i += 1
        }
        #expect(i == sizes.count)
        var whole: [UInt8] = [1]
        try ScratchFile.append(contentsOf: path, to: &whole)
        #expect(whole.count == 1 + writer.size && writer.size == ScratchFile.size(path))
        try ScratchFile.append(contentsOf: folder.appendingPathComponent("never").path, to: &whole)
        #expect(whole.count == 1 + writer.size)
        try ScratchFile.forEachEntry(folder.appendingPathComponent("never").path) { _ in Issue.record("no entry") }
    }

    /// Each whole name's count, and Σ n² over the names, are what the former SQL's grouping
    /// gave, whatever the writers and partitions; a hash that many names share (here the
    /// length) changes nothing.
    @Test(arguments: [(1, 10, false), (2, 600_000, false), (2, 300_000, true)])
    func wholeNamesAreCountedAsTheServerCountedThem(writers: Int, names estimate: Int, poorHash: Bool) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let given = ["an", "binh", "chi", "dung", "hoa", "lan", "minh", "thuy", "trang", "xuan"]
        let family = ["nguyen", "tran", "le", "pham", "hoang", "vo", "dang", "bui"]
        var names: [String] = []
        for i in 0..<5_000 {
            let middle = i % 7 == 0 ? "" : ["thi ", "van ", "ngoc ", "minh "][i % 4]
            names.append("\(family[(i * 31) % family.count]) \(middle)\(given[(i * i) % given.count])\(i % 13 == 0 ? String(i) : "")")
        }
        let counts = poorHash
            ? WholeNameCounts(names: estimate, writers: writers, directory: folder) { UInt64($0.utf8.count) }
            : WholeNameCounts(names: estimate, writers: writers, directory: folder)
        #expect(counts.partitions == max(1, (estimate + 99_999) / 100_000))
        for (i, name) in names.enumerated() { try counts.writers[i % writers].add(name) }
        for writer in counts.writers { try writer.finish() }
        var shared = SharedNames(hash: counts.hash)
        var squares = 0
        for p in 0..<counts.partitions {
            let part = try counts.count(partition: p)
            shared.add(part)
            squares += part.squares
        }

        let database = try TestDatabase.fresh()
        let c = try database.connect()
        try c.execute(unsafeSQL: "create temp table key (folded text)")
        try c.copyIn("copy key from stdin") { writer in for name in names { try writer.writeRow([name]) } }
        try c.execute(unsafeSQL: "create temp table name as select folded, count(*)::integer as n from key group by folded")
        let expected = Dictionary(uniqueKeysWithValues: try c.query("select folded, n from name").map { ($0["folded"]!, $0.int("n")!) })
        // Names borne by several and names borne once.
        #expect(expected.values.count { $0 > 1 } > 20 && expected.values.count { $0 == 1 } > 100)
        for (name, n) in expected { #expect(shared.count(name) == n, "\(name)") }
        #expect(shared.count("không có / nobody") == 1)
        #expect(squares == (try c.query("select sum(n * n)::text as s from name").first!.int("s")!))
        // The former SQL summed (n / total)² in byte order: the same to a few units of the last place.
        let sql = try c.query("""
            select sum(power(n / t.total::float8, 2) order by folded collate "C") as squares
            from name cross join (select count(*) as total from key) t
            """).first!.double("squares")!
        #expect(abs(SharedNames.sumOfSquares(squares, total: names.count) - sql) <= sql * 1e-14)
    }
}
