/// An open-addressing hash index over entries the caller keeps in dense arrays: a slot
/// holds an entry's position + 1, 0 when empty.
///
/// The whole-file checks keep a few facts for every line of a file, so what they keep per
/// line sets how memory grows with the file. A `Dictionary` bucket holds a whole key and
/// value (72 bytes for a person key and its state) and most buckets stay empty; here a
/// slot is 4 bytes, at most half the slots are used, and the keys live once, packed, in
/// the caller's arrays. The index never compares keys: the caller says whether the entry
/// at a position is the one sought, so keys whose hashes collide stay apart.
struct SlotIndex: Sendable {
    private var slots: [UInt32]
    private var mask: Int
    /// Entries indexed.
    private(set) var count = 0

    init() {
        slots = Array(repeating: 0, count: 16)
        mask = 15
    }

    /// Where a key is: the position of its entry, or the empty slot to give a new one.
    enum Lookup: Equatable {
        case found(Int)
        case vacant(slot: Int)
    }

    /// Looks for the entry with `hash` that `matches` accepts (given a position).
    @inline(__always)
    func find(hash: Int, matches: (Int) -> Bool) -> Lookup {
        var slot = hash & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return .vacant(slot: slot) }
            if matches(Int(stored) - 1) { return .found(Int(stored) - 1) }
            slot = (slot + 1) & mask
        }
    }

    /// Indexes the entry at `position` in the `slot` that `find` gave; `hashOf` gives the hash
    /// of any position, for when the index doubles and every entry moves.
    mutating func insert(_ position: Int, at slot: Int, hashOf: (Int) -> Int) {
        precondition(position < Int(UInt32.max), "more than 4 billion entries in a whole-file index")
        slots[slot] = UInt32(position + 1)
        count += 1
        if count * 2 > slots.count { grow(hashOf) }
    }

    private mutating func grow(_ hashOf: (Int) -> Int) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for stored in old where stored != 0 {
            var slot = hashOf(Int(stored) - 1) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = stored
        }
    }

    /// Bytes the index holds, for tests and measurements.
    var byteCount: Int { slots.count * MemoryLayout<UInt32>.stride }
}

/// How the compact tables hash their keys: a seeded `Hasher` (so a file cannot be made to
/// collide on purpose); tests pass a degenerate one to force every key into one probe chain.
struct KeyHashing: Sendable {
    var bytes: @Sendable (UnsafeRawBufferPointer) -> Int
    var word: @Sendable (UInt64) -> Int

    static let standard = KeyHashing(
        bytes: { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: bytes)
            return hasher.finalize()
        },
        word: { word in
            var hasher = Hasher()
            hasher.combine(word)
            return hasher.finalize()
        })
}
