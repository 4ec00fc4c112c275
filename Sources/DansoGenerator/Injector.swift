/// Decides where problems are injected (`--errors`, `--duplicates`) and which rule comes next.
///
/// Rules are taken in turn, so even a small generation shows every one of them. Decisions
/// come from their own random streams and injected lines use member numbers 90–98 and
/// personal-number serials 9xxxxx that nothing real uses, so the clean content of a
/// generation is the same with or without injections: only the injected lines are added.
final class Injector {
    let errorRate: Double
    let duplicateRate: Double
    private var a0Turn = 0
    private var changeTurn = 0
    /// Numbers for injected lines (serials ≥ 900000), never shifting real ones.
    var numbers: NumberAllocator
    /// The next free "ghost" member number per household (90…98).
    private var ghostStt: [UInt32: UInt8] = [:]
    /// Injected lines written, by rule.
    private(set) var counts: [String: Int] = [:]
    /// Rules chosen so far, per kind of file (to pick the least used next).
    private var registerCounts: [String: Int] = [:]
    private var changeCounts: [String: Int] = [:]

    static let registerRules = ["R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R16"]
    static let changeRules = ["R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R16",
                              "E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "E10", "E11"]

    init(errorRate: Double, duplicateRate: Double, seed: UInt64) {
        self.errorRate = errorRate
        self.duplicateRate = duplicateRate
        numbers = NumberAllocator(seed: seed ^ 0x1A7E_C7ED)
    }

    /// Whether to repeat a line exactly.
    func duplicate(_ rng: inout Xoshiro) -> Bool { duplicateRate > 0 && rng.chance(duplicateRate) }

    /// How many error lines to add for `lines` real lines.
    func injections(lines: Int, _ rng: inout Xoshiro) -> Int {
        guard errorRate > 0 else { return 0 }
        let x = errorRate * Double(lines)
        return Int(x) + (rng.chance(x - Double(Int(x))) ? 1 : 0)
    }

    /// How many slips to re-send for `lines` slips.
    func resends(lines: Int, _ rng: inout Xoshiro) -> Int {
        guard duplicateRate > 0 else { return 0 }
        let x = duplicateRate * Double(lines)
        return Int(x) + (rng.chance(x - Double(Int(x))) ? 1 : 0)
    }

    /// The next register rule that `feasible` accepts, in turn.
    func nextRegisterRule(_ feasible: (String) -> Bool) -> String? {
        let rule = next(Self.registerRules, &a0Turn, registerCounts, feasible)
        if let rule { registerCounts[rule, default: 0] += 1 }
        return rule
    }

    /// The next change rule that `feasible` accepts, in turn.
    func nextChangeRule(_ feasible: (String) -> Bool) -> String? {
        let rule = next(Self.changeRules, &changeTurn, changeCounts, feasible)
        if let rule { changeCounts[rule, default: 0] += 1 }
        return rule
    }

    /// The feasible rule injected least so far (ties in turn): a rule that is rarely possible
    /// (E10 needs a birth to a mother with children) still comes as soon as it is.
    private func next(_ rules: [String], _ turn: inout Int, _ counts: [String: Int],
                      _ feasible: (String) -> Bool) -> String? {
        var best: (rule: String, k: Int, count: Int)?
        for k in 0..<rules.count {
            let rule = rules[(turn + k) % rules.count]
            let n = counts[rule] ?? 0
            if let b = best, b.count <= n { continue }
            if feasible(rule) { best = (rule, k, n) }
        }
        guard let best else { return nil }
        turn = (turn + best.k + 1) % rules.count
        return best.rule
    }

    func count(_ rule: String, _ n: Int = 1) { counts[rule, default: 0] += n }

    /// A member number no real member will ever have in this household (nil when 90…98 are used).
    func ghostNumber(_ household: UInt32) -> Int? {
        let n = ghostStt[household] ?? 90
        guard n <= 98 else { return nil }
        ghostStt[household] = n + 1
        return Int(n)
    }
}
