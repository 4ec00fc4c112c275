extension Comparisons {
    /// ``NameLevel`` of two names.
    ///
    /// A slip in the middle name (`Nguyễn Thị Khánh Linh`, `Nguyễn Tịh Khánh Linh`) is `similar`,
    /// like any other: `sameGivenAndFamily` is left for another middle name or none
    /// (`Nguyễn Văn Hùng`, `Nguyễn Hữu Hùng`, `Nguyễn Hùng`), rarely one person's two records.
    ///
    /// - Important: `similar` also asks the given names to agree, or to be one edit apart
    ///   with the same first letter. Siblings share family and middle names (`Nguyễn Văn
    ///   Hùng`, `Nguyễn Văn Dũng`), so a whole-name similarity alone cannot tell a brother
    ///   from a typo; a typo rarely changes a name's first letter, a different name usually does.
    ///   Given names one edit apart that start differently, the family and middle names
    ///   being the same, are `givenOneEdit` (`Nguyễn Văn Hùng`, `Nguyễn Văn Dũng`): the birth
    ///   date and the household then tell a brother from a typo. Given names one edit apart
    ///   in names that differ elsewhere too are `different` (one person's two records rarely
    ///   differ twice; twins' names often do).
    public static func nameLevel(_ a: NameForms, _ b: NameForms) -> UInt8 {
        if a.folded.isEmpty || b.folded.isEmpty { return NameLevel.null.rawValue }
        if sameUTF8(a.toned, b.toned) { return NameLevel.exactTone.rawValue }
        if sameUTF8(a.folded, b.folded) { return NameLevel.exactFolded.rawValue }
        let sameGiven = sameUTF8(a.given, b.given)
        let givenOneEdit = !sameGiven && withinOneEdit(a.given, b.given)
        if sameGiven || (givenOneEdit && withUTF8(a.given, b.given, { slipOfThePen($0, $1) })) {
            let similar = a.foldedIsASCII && b.foldedIsASCII
                ? withUTF8(a.folded, b.folded, closeSpelling)
                : withScalars(a.folded, b.folded, closeSpelling)
            if similar { return NameLevel.similar.rawValue }
        }
        if sameGiven, !a.family.isEmpty, sameUTF8(a.family, b.family) { return NameLevel.sameGivenAndFamily.rawValue }
        if withUTF8(a.folded, b.folded, { isTruncation($0, $1) }) { return NameLevel.givenMissing.rawValue }
        if sameGiven { return NameLevel.givenOnly.rawValue }
        // One edit in the given name and nothing else: else two names (twins' `Nguyễn Thị Kim
        // Hà`, `Nguyễn Cẩm Hòa`) differ in more than a slip.
        let onlyGivenDiffers = !a.familyAndMiddle.isEmpty && sameUTF8(a.familyAndMiddle, b.familyAndMiddle)
        return (givenOneEdit && onlyGivenDiffers ? NameLevel.givenOneEdit : .different).rawValue
    }

    /// One edit apart (a letter dropped, added, replaced, or two swapped) in the whole folded
    /// name. Not a Jaro–Winkler bound: names as close by it but two or more edits apart
    /// (`nguyen thi hong nhung`, `nguyen thi hong nhu`) are most often two people, and
    /// weighed with the one-letter slips they cost those 1.6 bits (on the synthetic
    /// province, two thirds of the random pairs at the level, 0.2 % of one person's pairs).
    private static func closeSpelling<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Bool {
        StringDistance.withinOneEdit(a, b)
    }

    /// Damerau–Levenshtein distance at most 1, on bytes when both texts are ASCII, else on scalars.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        if isASCII(a), isASCII(b) { return withUTF8(a, b) { StringDistance.withinOneEdit($0, $1) } }
        return withScalars(a, b) { StringDistance.withinOneEdit($0, $1) }
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
