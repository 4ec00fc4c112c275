import DansoDomain
import DansoFeeds

/// The households (`ma_xa`, `ma_ho`) of one file, each numbered 0, 1, 2… on first sight,
/// so that person keys and personal-number holders can name one in 4 bytes.
///
/// Names are kept exactly, once, as UTF-8 in one byte array (commune, 0xFF, household:
/// 0xFF never occurs in UTF-8, so no two pairs spell the same bytes); a lookup hashes the
/// bytes and compares them, so households whose hashes collide stay apart. About 35 bytes
/// a household (some 8 a line), where a `[String: Int]` entry and its `String` took over
/// a hundred.
struct HouseholdTable: Sendable {
    private var bytes: [UInt8] = []
    /// Where each household's bytes end; they start where the previous one's end.
    private var ends: [UInt32] = []
    private var index = SlotIndex()
    /// The household asked for last: a household's members come one after another, so most
    /// lines find theirs without hashing.
    private var last: (commune: String, household: String, id: Int)?
    /// The name being looked up, reused from line to line.
    private var scratch: [UInt8] = []
    private let hashing: KeyHashing

    init(hashing: KeyHashing = .standard) {
        self.hashing = hashing
    }

    /// Households numbered so far.
    var count: Int { ends.count }

    /// The number of a household, given one on first sight.
    mutating func id(commune: String, household: String) -> Int {
        if let last, last.commune == commune, last.household == household { return last.id }
        if !spell(commune, household) {
            // Codes are compared as Swift compares strings, by canonical equivalence: spelt in NFC.
            _ = spell(VietnameseText.nfc(commune), VietnameseText.nfc(household))
        }
        let hash = scratch.withUnsafeBytes(hashing.bytes)
        let id: Int
        switch index.find(hash: hash, matches: { Self.bytes(of: $0, bytes, ends).elementsEqual(scratch) }) {
        case .found(let known):
            id = known
        case .vacant(let slot):
            id = ends.count
            bytes.append(contentsOf: scratch)
            precondition(bytes.count <= Int(UInt32.max), "more than 4 GiB of household names in one file")
            ends.append(UInt32(bytes.count))
            let (arena, ends, hashBytes) = (bytes, self.ends, hashing.bytes)
            index.insert(id, at: slot) { position in
                Self.bytes(of: position, arena, ends).withUnsafeBytes(hashBytes)
            }
        }
        last = (commune, household, id)
        return id
    }

    /// Puts the name's bytes in `scratch`; false when they may not be NFC.
    private mutating func spell(_ commune: String, _ household: String) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: commune.utf8)
        let cut = scratch.count
        scratch.append(0xFF)
        scratch.append(contentsOf: household.utf8)
        return scratch.withUnsafeBytes { name in
            FieldText.isKnownNFC(UnsafeRawBufferPointer(rebasing: name[..<cut]))
                && FieldText.isKnownNFC(UnsafeRawBufferPointer(rebasing: name[(cut + 1)...]))
        }
    }

    /// The commune and household codes of household `id`, as first given (in NFC, as the
    /// feed reader gives every cell).
    func names(_ id: Int) -> (commune: String, household: String) {
        let name = Self.bytes(of: id, bytes, ends)
        let cut = name.firstIndex(of: 0xFF)!
        return (String(decoding: name[..<cut], as: UTF8.self), String(decoding: name[(cut + 1)...], as: UTF8.self))
    }

    private static func bytes(of id: Int, _ bytes: [UInt8], _ ends: [UInt32]) -> ArraySlice<UInt8> {
        bytes[(id == 0 ? 0 : Int(ends[id - 1]))..<Int(ends[id])]
    }

    /// Bytes the table holds (names, ends, index), for tests and measurements.
    var byteCount: Int { bytes.count + ends.count * 4 + index.byteCount }
}
