import DansoPostgres
import Foundation

/// Person and household numbers set aside for one register file of a run (migration 0036).
public struct IdentityBlock: Sendable, Equatable {
    public var firstPerson: Int64
    public var firstHousehold: Int64
    /// Numbers in each block: one per physical line of the file, so never fewer than its people
    /// or its households.
    public var size: Int64
}

/// Numbers a run's register files in the order they were given, whatever connection applies
/// them: a linked pair counts as its smaller identity, so with identities numbered by whichever
/// of two connections got there first, two loads of the same files counted some people in
/// different communes.
public enum RegisterIdentityBlocks {
    /// Reserves one block per file (by path, first occurrence), in the order of `paths`, in one
    /// call: the files' blocks follow one another.
    public static func reserve(for paths: [String], connection: PostgresConnection) throws -> [String: IdentityBlock] {
        var sizes: [(path: String, size: Int64)] = []
        var seen = Set<String>()
        for path in paths where seen.insert(path).inserted {
            sizes.append((path, lineBound(path: path)))
        }
        let total = sizes.reduce(0) { $0 + $1.size }
        guard total > 0 else { return [:] }
        guard let row = try connection.query("select first_person, first_household from registry.reserve_register_ids(\(total), \(total))").first,
              let person = row["first_person"].flatMap({ Int64($0) }), let household = row["first_household"].flatMap({ Int64($0) })
        else { return [:] }
        var blocks: [String: IdentityBlock] = [:]
        var offset: Int64 = 0
        for (path, size) in sizes {
            blocks[path] = IdentityBlock(firstPerson: person + offset, firstHousehold: household + offset, size: size)
            offset += size
        }
        return blocks
    }

    /// At least as many as the file's records: its line feeds, plus carriage returns not
    /// followed by one (old Mac files), plus one for a last line without an ending. In UTF-16
    /// a line ending counts twice, and other bytes may count: more numbers, never fewer. An
    /// unreadable file gets 1 (it fails on its own when read).
    static func lineBound(path: String) -> Int64 {
        guard let file = fopen(path, "rb") else { return 1 }
        defer { fclose(file) }
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity + 1, alignment: 16)
        defer { buffer.deallocate() }
        var count: Int64 = 1
        var carried: UInt8 = 0   // the byte before this chunk
        while true {
            let n = fread(buffer, 1, capacity, file)
            guard n > 0 else { break }
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            var at = 0
            while at < n, let hit = memchr(bytes + at, 0x0A, n - at) {
                count += 1
                at = bytes.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            at = 0
            if carried == 0x0D && bytes[0] != 0x0A { count += 1 }
            while at < n, let hit = memchr(bytes + at, 0x0D, n - at) {
                let i = bytes.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if i + 1 < n, bytes[i + 1] != 0x0A { count += 1 }
                at = i + 1
            }
            carried = bytes[n - 1]
        }
        if carried == 0x0D { count += 1 }
        return count
    }
}
