import DansoGenerator
import Foundation
import Testing

/// The same options give the same bytes; another seed gives another province.
@Suite struct DeterminismTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try GeneratorFixture.generate(GeneratorFixture.options(households: 300, months: 2, seed: 11,
                                                                       errors: 0.02, duplicates: 0.02))
        let b = try GeneratorFixture.generate(GeneratorFixture.options(households: 300, months: 2, seed: 11,
                                                                       errors: 0.02, duplicates: 0.02))
        let c = try GeneratorFixture.generate(GeneratorFixture.options(households: 300, months: 2, seed: 12,
                                                                       errors: 0.02, duplicates: 0.02))
        let da = try GeneratorFixture.digests(a.directory)
        let db = try GeneratorFixture.digests(b.directory)
        let dc = try GeneratorFixture.digests(c.directory)
        #expect(da.count == 94 + 94 * 2 + 3)
        #expect(da == db)
        #expect(Set(da.keys) == Set(dc.keys))
        #expect(da.filter { dc[$0.key] != $0.value }.count > 90)
    }

    /// Injections are added lines only: the clean lines of a generation with errors and
    /// duplicates are those of the same generation without.
    @Test func injectionsLeaveTheCleanContentAlone() throws {
        let clean = try GeneratorFixture.generate(GeneratorFixture.options(households: 300, months: 2, seed: 5), keepRecords: true)
        let dirty = try GeneratorFixture.generate(GeneratorFixture.options(households: 300, months: 2, seed: 5,
                                                                           errors: 0.03, duplicates: 0.03), keepRecords: true)
        #expect(clean.result.people == dirty.result.people)
        let truth = try dirty.truth()
        #expect(!truth.isEmpty)
        for (path, records) in clean.records.sorted(by: { $0.key < $1.key }) {
            let noisy = try #require(dirty.records[path])
            // Every clean record is still there, in the same order; an injected E10 changes
            // the birth order of one real birth slip.
            let mutated = truth.filter { $0["path"] == path && $0["rule"] == "E10" }.count
            var found = 0
            var j = 0
            for r in records {
                var t = j
                while t < noisy.count && noisy[t] != r { t += 1 }
                if t < noisy.count { found += 1; j = t + 1 }
            }
            #expect(found >= records.count - mutated, "\(path): \(found) of \(records.count)")
            #expect(noisy.count >= records.count)
        }
    }
}
