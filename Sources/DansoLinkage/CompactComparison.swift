/// `Comparisons.packedCompare` on ``CompactRecords``: the same levels from numbers.
///
/// Holds raw views of the tables for the duration of a `withTables` call, so the inner loop
/// reads records and name bytes without retaining anything.
struct CompactComparison {
    let records: UnsafeBufferPointer<CompactRecords.Record>
    let folded: CompactTextView
    let given: CompactTextView

    /// Runs `body` with views of `compact`'s storage.
    static func withTables<R>(_ compact: CompactRecords, _ body: (CompactComparison) -> R) -> R {
        compact.records.withUnsafeBufferPointer { records in
            compact.foldedText.withView { folded in
                compact.givenText.withView { given in
                    body(CompactComparison(records: records, folded: folded, given: given))
                }
            }
        }
    }

    /// Whether the pair must be compared through `Comparisons` instead.
    @inline(__always)
    func isUnusual(_ a: Int, _ b: Int) -> Bool { records[a].unusual || records[b].unusual }

    /// The levels of records `a` and `b`, a byte a field.
    @inline(__always)
    func packed(_ a: Int, _ b: Int) -> UInt64 {
        let ra = records[a], rb = records[b]
        var v = UInt64(nameLevel(ra, rb))
        v |= UInt64(numberLevel(ra, rb)) << 8
        v |= UInt64(dateLevel(ra, rb)) << 16
        v |= UInt64(Self.equality(ra.sex, rb.sex, unknown: CompactRecords.unknown)) << 24
        v |= UInt64(Self.equality(ra.household, rb.household, unknown: -1)) << 32
        v |= UInt64(Self.equality(ra.commune, rb.commune, unknown: -1)) << 40
        v |= UInt64(Self.equality(ra.mother, rb.mother, unknown: -1)) << 48
        return v
    }

    @inline(__always)
    static func equality(_ a: Int32, _ b: Int32, unknown: Int32) -> UInt8 {
        if a == unknown || b == unknown { return EqualityLevel.null.rawValue }
        return (a == b ? EqualityLevel.equal : .different).rawValue
    }

    @inline(__always)
    func nameLevel(_ a: CompactRecords.Record, _ b: CompactRecords.Record) -> UInt8 {
        if a.folded < 0 || b.folded < 0 { return NameLevel.null.rawValue }
        if a.toned == b.toned { return NameLevel.exactTone.rawValue }
        if a.folded == b.folded { return NameLevel.exactFolded.rawValue }
        let sameGiven = a.given == b.given
        var oneEdit = false
        if !sameGiven {
            if a.foldedIsASCII && b.foldedIsASCII {
                oneEdit = StringDistance.withinOneEdit(given.text(a.given), given.text(b.given))
            } else {
                // Comparisons works on letters when a name is not ASCII.
                oneEdit = Comparisons.withinOneEdit(given.string(a.given), given.string(b.given))
            }
        }
        if sameGiven || (oneEdit && (a.givenFirst == b.givenFirst || Comparisons.slipOfThePen(given.text(a.given), given.text(b.given)))) {
            let similar: Bool
            if a.foldedIsASCII && b.foldedIsASCII {
                let x = folded.text(a.folded), y = folded.text(b.folded)
                similar = StringDistance.withinOneEdit(x, y)
            } else {
                similar = withScalars(folded.string(a.folded), folded.string(b.folded)) { x, y in
                    StringDistance.withinOneEdit(x, y)
                }
            }
            if similar { return NameLevel.similar.rawValue }
        }
        if sameGiven, a.family >= 0, a.family == b.family { return NameLevel.sameGivenAndFamily.rawValue }
        if Comparisons.isTruncation(folded.text(a.folded), folded.text(b.folded)) { return NameLevel.givenMissing.rawValue }
        if sameGiven { return NameLevel.givenOnly.rawValue }
        let onlyGivenDiffers = a.familyAndMiddle >= 0 && a.familyAndMiddle == b.familyAndMiddle
        return (oneEdit && onlyGivenDiffers ? NameLevel.givenOneEdit : .different).rawValue
    }

    @inline(__always)
    func numberLevel(_ a: CompactRecords.Record, _ b: CompactRecords.Record) -> UInt8 {
        if a.numberLength == 0 || b.numberLength == 0 {
            return (a.numberLength != 0 || b.numberLength != 0 ? PersonalNumberLevel.oneMissing : .bothMissing).rawValue
        }
        if a.numberLength != b.numberLength { return PersonalNumberLevel.different.rawValue }
        let x = a.numberDigits ^ b.numberDigits
        if x == 0 { return PersonalNumberLevel.equal.rawValue }
        // One bit per differing digit (the lowest of its nibble).
        let differing = (x | x >> 1 | x >> 2 | x >> 3) & 0x1111_1111_1111_1111
        switch differing.nonzeroBitCount {
        case 1: return PersonalNumberLevel.oneDigitOff.rawValue
        case 2:
            let first = UInt64(differing.trailingZeroBitCount)
            guard differing >> first == 0b1_0001 else { return PersonalNumberLevel.different.rawValue }  // adjacent
            let da = a.numberDigits >> first, db = b.numberDigits >> first
            let swapped = da & 0xF == (db >> 4) & 0xF && (da >> 4) & 0xF == db & 0xF
            return (swapped ? PersonalNumberLevel.transposed : .different).rawValue
        default: return PersonalNumberLevel.different.rawValue
        }
    }

    @inline(__always)
    func dateLevel(_ a: CompactRecords.Record, _ b: CompactRecords.Record) -> UInt8 {
        let unknown = CompactRecords.unknown
        if a.year == unknown || b.year == unknown { return BirthDateLevel.null.rawValue }
        if a.year != b.year {
            return (abs(Int(a.year) - Int(b.year)) == 1 ? BirthDateLevel.yearOff : .different).rawValue
        }
        if a.month == unknown || b.month == unknown { return BirthDateLevel.yearOnly.rawValue }
        let dayKnown = a.day != unknown && b.day != unknown
        if a.month == b.month {
            return (dayKnown && a.day == b.day ? BirthDateLevel.exact : .yearMonth).rawValue
        }
        if dayKnown, a.day == b.month, b.day == a.month { return BirthDateLevel.dayMonthSwapped.rawValue }
        return BirthDateLevel.monthDiffers.rawValue
    }
}

/// A ``TextTable`` seen through raw views of its storage.
struct CompactTextView {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int32>

    @inline(__always)
    func text(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        let from = Int(starts[Int(id)]), to = Int(starts[Int(id) + 1])
        return UnsafeBufferPointer(rebasing: bytes[from..<to])
    }

    func string(_ id: Int32) -> String { String(decoding: text(id), as: UTF8.self) }
}
