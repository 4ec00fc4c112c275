import Testing
import DansoLinkage

@Suite("String distances")
struct StringDistanceTests {
    @Test func jaroWinklerKnownValues() {
        // Winkler's classic examples.
        #expect(abs(Comparisons.jaroWinkler("martha", "marhta") - 0.9611) < 0.0001)
        #expect(abs(Comparisons.jaroWinkler("dwayne", "duane") - 0.84) < 0.0001)
        #expect(abs(Comparisons.jaroWinkler("dixon", "dicksonx") - 0.8133) < 0.0001)
        #expect(Comparisons.jaroWinkler("nguyen", "nguyen") == 1)
        #expect(Comparisons.jaroWinkler("", "") == 1)
        #expect(Comparisons.jaroWinkler("abc", "") == 0)
        #expect(Comparisons.jaroWinkler("abc", "xyz") == 0)
    }

    @Test func jaroWinklerOnVietnameseNames() {
        // A missing letter in a folded name stays above the `similar` threshold.
        #expect(Comparisons.jaroWinkler("nguyen van hung", "ngyen van hung") >= 0.92)
        // Unicode scalars, not bytes: đ and d differ by one letter.
        #expect(abs(Comparisons.jaroWinkler("đào", "dào") - Comparisons.jaroWinkler("xao", "dao")) < 1e-12)
    }

    @Test func damerauLevenshteinEdits() {
        #expect(Comparisons.damerauLevenshtein("lan", "lan") == 0)
        #expect(Comparisons.damerauLevenshtein("lan", "lam") == 1)        // substitution
        #expect(Comparisons.damerauLevenshtein("linh", "lin") == 1)       // deletion
        #expect(Comparisons.damerauLevenshtein("vy", "vyy") == 1)         // insertion
        #expect(Comparisons.damerauLevenshtein("nguyen", "ngyuen") == 1)  // adjacent transposition
        #expect(Comparisons.damerauLevenshtein("kitten", "sitting") == 3)
        #expect(Comparisons.damerauLevenshtein("", "abc") == 3)
        #expect(Comparisons.damerauLevenshtein("ca", "abc") == 3)         // optimal string alignment, not 2
        #expect(Comparisons.damerauLevenshtein("hùng", "hưng") == 1)      // on letters, not bytes
    }

    @Test func damerauLevenshteinBounded() {
        #expect(Comparisons.damerauLevenshtein("kitten", "sitting", bound: 1) == 2)
        #expect(Comparisons.damerauLevenshtein("kitten", "sitting", bound: 3) == 3)
        #expect(Comparisons.damerauLevenshtein("a", "abcdef", bound: 1) == 2)   // lengths alone settle it
        #expect(Comparisons.damerauLevenshtein("nguyen van hung", "nguyen van hunh", bound: 1) == 1)
        #expect(Comparisons.damerauLevenshtein("abcdefgh", "hgfedcba", bound: 2) == 3)
    }
}
