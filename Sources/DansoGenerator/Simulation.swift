import DansoDomain

/// Lives the province (or provinces) month by month and writes down what happens as change slips.
///
/// Every slip is made against the population as danso will hold it after the files before
/// it, so a clean generation loads without error: the dead stay dead, movers leave,
/// newborns take a member number never used in their household, ages are taken at the
/// event date, events fall inside their reporting month. Each person has at most one story
/// a month (`Person.busy`), and the stories that need several slips (a birth and its
/// screening, a marriage and the bride's move, a family moving to another commune) date
/// their slips in order.
final class Simulation {
    let pop: Population
    let names: NameBook
    let reference: ProvinceReference
    let options: GeneratorOptions
    let format: SlipFormatter
    var numbers: NumberAllocator
    let injector: Injector
    /// Slips by the month whose file holds them (a screening early next month, a SUA or HUY).
    var slips: [[Slip]]
    var nextID = 0
    /// Post-partum methods to record, by month.
    var scheduledMethods: [[UInt32]]

    // Month being simulated.
    var month = 0
    var tag: UInt8 = 1
    var start = Day(number: 0)
    var end = Day(number: 0)
    var length = 30
    var rng = Xoshiro(seed: 0)
    /// Injection draws (their own stream: clean content never depends on them).
    var injRng = Xoshiro(seed: 0)

    /// Women marrying a man of another commune this month, and the men who could, by
    /// province (index into `provinceCommunes`).
    var brides: [UInt32] = []
    var grooms: [[UInt32]]
    /// Recent candidates for injected slips, per commune (reservoirs, only with `--errors`).
    var pools: [InjectionPools] = []

    private let deathMonthly: [[Double]]

    /// Each commune's province (the legacy code as a number: `72`), and the communes of each
    /// generated province (indices, in order; one list for a one-province generation), the
    /// list each commune is in and its place there. Moves and marriages "inside the province"
    /// stay inside the commune's own province.
    let provinceOf: [Int]
    let provinceCommunes: [[Int]]
    let provinceIndex: [Int]
    let placeInProvince: [Int]

    init(pop: Population, names: NameBook, reference: ProvinceReference, options: GeneratorOptions,
         styles: [ChangeStyle], numbers: NumberAllocator, injector: Injector) {
        self.pop = pop
        self.names = names
        self.reference = reference
        self.options = options
        format = SlipFormatter(styles: styles, reference: reference, names: names)
        self.numbers = numbers
        self.injector = injector
        slips = Array(repeating: [], count: options.months + 1)
        scheduledMethods = Array(repeating: [], count: options.months + 6)
        deathMonthly = [false, true].map { male in (0...130).map { Demography.deathRate(age: $0, male: male) / 12 } }
        provinceOf = reference.communes.map(\.provinceNumber)
        var groups: [[Int]] = []
        var groupOf: [Int: Int] = [:]
        var index: [Int] = []
        var place: [Int] = []
        for (c, province) in provinceOf.enumerated() {
            let g = groupOf[province] ?? groups.count
            if g == groups.count { groupOf[province] = g; groups.append([]) }
            index.append(g)
            place.append(groups[g].count)
            groups[g].append(c)
        }
        provinceCommunes = groups
        provinceIndex = index
        placeInProvince = place
        grooms = Array(repeating: [], count: groups.count)
    }

    // MARK: helpers

    /// Completed age on a day, as danso computes it (missing day: 15th, missing month: 1 July).
    @inline(__always)
    func age(_ p: Person, on day: Day) -> Int {
        let (y, m, d) = day.ymd
        return age(p, y, m, d)
    }

    @inline(__always)
    func age(_ p: Person, _ y: Int, _ m: Int, _ d: Int) -> Int {
        let bm = p.birthMonth == 0 ? 7 : Int(p.birthMonth)
        let bd = p.birthMonth == 0 ? 1 : (p.birthDay == 0 ? 15 : Int(p.birthDay))
        var a = y - Int(p.birthYear)
        if m < bm || (m == bm && d < bd) { a -= 1 }
        return max(0, a)
    }

    /// A day of this month, from `from` (1-based) to `to`.
    func day(_ from: Int = 1, _ to: Int? = nil) -> Day {
        let hi = min(to ?? length, length)
        let lo = min(max(1, from), hi)
        return start + (lo - 1) + rng.below(hi - lo + 1)
    }

    func dayOfMonth(_ d: Day) -> Int { d - start + 1 }

    func commune(of i: UInt32) -> Int { Int(pop.households[Int(pop.people[Int(i)].household)].commune) }

    /// Another commune of commune `c`'s province, uniformly; nil when it is the only one.
    func otherCommune(inProvinceOf c: Int) -> Int? {
        let peers = provinceCommunes[provinceIndex[c]]
        guard peers.count > 1 else { return nil }
        var k = rng.below(peers.count - 1)
        if k >= placeInProvince[c] { k += 1 }
        return peers[k]
    }

    /// A new slip about person `i` (or about household `h` when there is no subject yet).
    func slip(_ type: EventType, _ date: Day, person i: UInt32?, household h: UInt32? = nil, month: Int? = nil,
              role: Slip.Role = .event) -> Slip {
        let household = h ?? pop.people[Int(i!)].household
        let c = Int(pop.households[Int(household)].commune)
        var s = Slip(id: nextID, commune: c, month: month ?? self.month, date: date, type: type, role: role)
        nextID += 1
        format.base(&s, pop: pop, household: household, person: i.map { pop.people[Int($0)] }, rng: &rng)
        return s
    }

    func emit(_ s: Slip) {
        if s.month < slips.count { slips[s.month].append(s) }
    }

    /// Emits `s` first spoiled (as the collaborator wrote it by mistake), then, the next
    /// month when there is one, the SUA that restores `s`'s content.
    func emitCorrected(_ s: Slip, note: String, spoil: (inout Slip) -> Void) {
        var wrong = s
        wrong.role = .wrong
        spoil(&wrong)
        emit(wrong)
        var fix = s
        fix.id = nextID
        nextID += 1
        fix.month = month + 1 < options.months ? month + 1 : month
        fix.type = .correction
        fix.role = .correction(of: wrong.id)
        fix[.eventType] = format.type(s.commune, .correction)
        fix[.note] = note
        emit(fix)
    }

    func markBusy(_ i: UInt32, months: Int = 1) {
        pop.people[Int(i)].busy = tag &+ UInt8(months - 1)
    }

    func isFree(_ i: UInt32) -> Bool {
        let p = pop.people[Int(i)]
        return p.isHere && p.busy < tag
    }

    // MARK: the month

    /// Simulates change month `m` (0-based); its slips are then in `slips[m]`.
    func run(month m: Int) {
        month = m
        tag = UInt8(m + 1)
        start = options.monthStart(m)
        end = options.monthEnd(m)
        length = end - start + 1
        rng = Xoshiro(options.seed, 0x51A7, UInt64(m))
        injRng = Xoshiro(options.seed, 0x1A7E, UInt64(m))
        brides.removeAll(keepingCapacity: true)
        for g in grooms.indices { grooms[g].removeAll(keepingCapacity: true) }
        if options.errorRate > 0 { pools = Array(repeating: InjectionPools(), count: reference.communes.count) }
        let mid = start + 14
        let (y, mo, d) = mid.ymd
        let count = UInt32(pop.people.count)
        for i in 0..<count {
            let p = pop.people[Int(i)]
            guard p.isHere else { continue }
            if p.busy >= tag { continue }
            if p.due != 0 && p.due < tag { pop.people[Int(i)].due = 0 }   // a birth that could not happen
            let a = age(p, y, mo, d)
            if p.due == tag {
                birth(mother: i)
                continue
            }
            if rng.chance(deathMonthly[p.sex == 1 ? 1 : 0][min(a, 130)]) {
                death(i)
                continue
            }
            if p.has(Person.lastBirthRecent), rng.chance(1.0 / 12) { pop.people[Int(i)].set(Person.lastBirthRecent, false) }
            // A year above the legal age (18 women, 20 men) on the 15th: of age on any day of the month.
            if p.marital != 2, p.marital != 5, a >= (p.sex == 2 ? 19 : 21), rng.chance(marriageRate(p, a)) {
                marriage(i, age: a)
                continue
            }
            if p.marital == 2, p.rel == 1, rng.chance(0.000_14), divorce(head: i) { continue }
            if rng.chance(moveRate(p, a)), moveOut(i, age: a) { continue }
            if p.sex == 2 && p.marital == 2 {
                if womanMonth(i, age: a) { continue }
            }
            if p.sex == 1, p.marital != 2, p.marital != 5, (22...40).contains(a), p.residence != 3,
               p.rel == 1 || p.rel == 3 {
                grooms[provinceIndex[commune(of: i)]].append(i)
            }
            if options.errorRate > 0 { pools[commune(of: i)].offer(i, p, age: a, tag: tag, &injRng) }
        }
        pairMarriages()
        householdMoves()
        arrivals()
        postpartumMethods()
    }

    /// Monthly probability of marrying, for someone not married.
    func marriageRate(_ p: Person, _ a: Int) -> Double {
        if p.residence == 3 && rng.chance(0.5) { return 0 }
        let firstTime = p.marital == 1
        if p.sex == 2 {
            let r: Double = switch a { case 18...21: 0.0035; case 22...27: 0.0075; case 28...34: 0.005; case 35...45: 0.0012; default: 0.0002 }
            return firstTime ? r : r * 0.15
        }
        let r: Double = switch a { case 20...23: 0.0022; case 24...29: 0.0068; case 30...36: 0.005; case 37...50: 0.0012; default: 0.0002 }
        return firstTime ? r : r * 0.15
    }

    /// Monthly probability of moving out alone (work, study, following family).
    func moveRate(_ p: Person, _ a: Int) -> Double {
        let r: Double = switch a { case 18...24: 0.0015; case 25...35: 0.001; case 36...60: 0.00025; case 61...: 0.00015; default: 0.00005 }
        return p.residence == 3 ? r * 2 : p.residence == 2 ? r * 2.5 : r
    }
}

/// A few candidates per commune for injected slips, kept while the month is lived.
struct InjectionPools {
    var women: [UInt32] = []          // married women 18–45 at home
    var men: [UInt32] = []            // men 20–60
    var married: [UInt32] = []
    var anyone: [UInt32] = []
    var seen = [Int](repeating: 0, count: 4)

    mutating func offer(_ i: UInt32, _ p: Person, age a: Int, tag: UInt8, _ rng: inout Xoshiro) {
        // Present for the whole previous month too (a late report needs it).
        guard p.busy + 1 < tag || p.busy == 0 else { return }
        if p.sex == 2, p.marital == 2, (18...45).contains(a), p.residence != 3, p.due == 0 { Self.add(&women, &seen[0], i, &rng) }
        if p.sex == 1, (20...60).contains(a) { Self.add(&men, &seen[1], i, &rng) }
        if p.marital == 2 { Self.add(&married, &seen[2], i, &rng) }
        Self.add(&anyone, &seen[3], i, &rng)
    }

    /// People who died or left, with the day (a later slip about them is E03).
    var gone: [(UInt32, Day)] = []
    var goneSeen = 0

    mutating func ended(_ i: UInt32, on day: Day) {
        goneSeen += 1
        if gone.count < 12 { gone.append((i, day)) } else if goneSeen % 7 == 0 { gone[goneSeen % 12] = (i, day) }
    }

    private static func add(_ list: inout [UInt32], _ seen: inout Int, _ i: UInt32, _ rng: inout Xoshiro) {
        seen += 1
        if list.count < 12 { list.append(i) } else {
            let j = rng.below(seen)
            if j < 12 { list[j] = i }
        }
    }
}
