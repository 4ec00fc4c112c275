import DansoDeduplication
import DansoLinkage
import DansoPostgres
import Foundation
import Testing

@Suite struct LinkModelStoreTests {
    /// A model stored by an older danso, whose name comparison had two levels fewer, must not
    /// weigh this version's levels: the defaults replace it, the thresholds someone chose stay.
    @Test func aModelOfOtherLevelsGivesWayToTheDefaultsKeepingItsThresholds() throws {
        let w = try LinkFixture()
        var old = LinkageModel.defaults
        old.m[.name]!.removeLast(2)
        old.u[.name]!.removeLast(2)
        let store = LinkModelStore(connection: w.connection)
        let stored = try store.save(model: old, thresholds: MatchThresholds(link: 7, review: 3), source: "estimated",
                                    records: 10, pairs: 5, note: "older danso")
        let current = try store.current()
        #expect(current.id > stored.id)
        #expect(current.model == .defaults)
        #expect(current.source == "defaults")
        #expect(current.thresholds == MatchThresholds(link: 7, review: 3))
        #expect(try store.current().id == current.id)   // stored once, then in force
        let note = try w.connection.query("select note from registry.link_model where model_id = \(current.id)").first?["note"]
        #expect(note?.contains("model \(stored.id) was made for other comparison levels") == true)
    }
}
