extension Comparisons {
    /// Jaro–Winkler on folded full names at or above which two names are `similar`.
    public static let similarNameThreshold = 0.92

    /// ``NameLevel`` of two names.
    ///
    /// - Important: `similar` also asks the given names to agree, or to be one edit apart
    ///   with the same first letter. Siblings share family and middle names (`Nguyễn Văn
    ///   Hùng`, `Nguyễn Văn Dũng`), so a whole-name similarity alone cannot tell a brother
    ///   from a typo; a typo rarely changes a name's first letter, a different name usually does.
    ///   Given names one edit apart that start differently are `givenOneEdit`, below
    ///   `givenOnly`: the birth date and ``TwinRule`` then tell a brother from a typo.
    public static func nameLevel(_ a: NameForms, _ b: NameForms) -> UInt8 {
        if a.folded.isEmpty || b.folded.isEmpty { return NameLevel.null.rawValue }
        if sameUTF8(a.toned, b.toned) { return NameLevel.exactTone.rawValue }
        if sameUTF8(a.folded, b.folded) { return NameLevel.exactFolded.rawValue }
        let sameGiven = sameUTF8(a.given, b.given)
        if sameGiven, !a.family.isEmpty, sameUTF8(a.family, b.family) { return NameLevel.sameGivenAndFamily.rawValue }
        let givenOneEdit = !sameGiven && damerauLevenshtein(a.given, b.given, bound: 1) <= 1
        if sameGiven || (givenOneEdit && withUTF8(a.given, b.given, { slipOfThePen($0, $1) })) {
            let similar = a.foldedIsASCII && b.foldedIsASCII
                ? withUTF8(a.folded, b.folded, closeSpelling)
                : withScalars(a.folded, b.folded, closeSpelling)
            if similar { return NameLevel.similar.rawValue }
        }
        if withUTF8(a.folded, b.folded, { isTruncation($0, $1) }) { return NameLevel.givenMissing.rawValue }
        if sameGiven { return NameLevel.givenOnly.rawValue }
        return (givenOneEdit ? NameLevel.givenOneEdit : .different).rawValue
    }

    /// One edit apart, or Jaro–Winkler at least ``similarNameThreshold``.
    private static func closeSpelling<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Bool {
        StringDistance.damerauLevenshtein(a, b, bound: 1) <= 1
            || StringDistance.jaroWinkler(a, b) >= similarNameThreshold
    }

    /// Whether two folded given names one edit apart read as one name mistyped rather than
    /// two names (`hung`, `dung`): the first letter is kept, two adjacent letters are swapped
    /// (`uqy` for `quy`), or one of them does not begin as a Vietnamese syllable can
    /// (`crieu`, `lga`: no name starts so, and a sibling's name is a real name).
    static func slipOfThePen<C: RandomAccessCollection>(_ a: C, _ b: C) -> Bool where C.Element == UInt8, C.Index == Int {
        guard let fa = a.first, let fb = b.first else { return false }
        if fa == fb { return true }
        if a.count == b.count, a.count >= 2 {
            let differing = zip(a, b).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            if differing.count == 2, differing[1] == differing[0] + 1 { return true }
        }
        return !VietnameseOnset.isValid(a) || !VietnameseOnset.isValid(b)
    }

    /// Whether one folded name is the other cut after a word, keeping at least two words
    /// (`phan minh` and `phan minh nhan`; not `phan` and `phan minh`: a family name alone
    /// says too little).
    static func isTruncation<C: RandomAccessCollection>(_ a: C, _ b: C) -> Bool where C.Element == UInt8, C.Index == Int {
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard short.count < long.count, short.contains(0x20),
              long[long.startIndex + short.count] == 0x20 else { return false }
        return short.elementsEqual(long[long.startIndex..<(long.startIndex + short.count)])
    }
}
