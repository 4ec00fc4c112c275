extension Comparisons {
    /// Jaro–Winkler on folded full names at or above which two names are `similar`.
    public static let similarNameThreshold = 0.92

    /// ``NameLevel`` of two names.
    ///
    /// - Important: `similar` also asks the given names to agree, or to be one edit apart
    ///   with the same first letter. Siblings share family and middle names (`Nguyễn Văn
    ///   Hùng`, `Nguyễn Văn Dũng`), so a whole-name similarity alone cannot tell a brother
    ///   from a typo; a typo rarely changes a name's first letter, a different name usually does.
    public static func nameLevel(_ a: NameForms, _ b: NameForms) -> UInt8 {
        if a.folded.isEmpty || b.folded.isEmpty { return NameLevel.null.rawValue }
        if sameUTF8(a.toned, b.toned) { return NameLevel.exactTone.rawValue }
        if sameUTF8(a.folded, b.folded) { return NameLevel.exactFolded.rawValue }
        let sameGiven = sameUTF8(a.given, b.given)
        if sameGiven, !a.family.isEmpty, sameUTF8(a.family, b.family) { return NameLevel.sameGivenAndFamily.rawValue }
        if sameGiven || givenNamesClose(a.given, b.given) {
            let similar = a.foldedIsASCII && b.foldedIsASCII
                ? withUTF8(a.folded, b.folded, closeSpelling)
                : withScalars(a.folded, b.folded, closeSpelling)
            if similar { return NameLevel.similar.rawValue }
        }
        return (sameGiven ? NameLevel.givenOnly : .different).rawValue
    }

    /// Same first letter and at most one edit apart (folded given names).
    static func givenNamesClose(_ a: String, _ b: String) -> Bool {
        guard let fa = a.utf8.first, let fb = b.utf8.first, fa == fb else { return false }
        return damerauLevenshtein(a, b, bound: 1) <= 1
    }

    /// One edit apart, or Jaro–Winkler at least ``similarNameThreshold``.
    private static func closeSpelling<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Bool {
        StringDistance.damerauLevenshtein(a, b, bound: 1) <= 1
            || StringDistance.jaroWinkler(a, b) >= similarNameThreshold
    }
}
