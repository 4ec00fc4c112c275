import DansoDomain

/// What the household checks (R12–R14) need of the lines loaded: for each household its
/// first line, and its heads and children with their lines and birth days (heads with
/// their ages), everyone else being irrelevant to them.
///
/// Which head a child is compared with is only known at the end of the file (a later line
/// may add a head, and a later conflicting line, R11, may withdraw one), so heads and
/// children are kept to the end; but packed: 14 bytes a head or child (line, birth day,
/// role, age, a link to the household's previous one), 16 a household, in flat arrays
/// rather than two arrays of tuples and a name per household. Members need not come one
/// after another: each household chains its own.
struct HouseholdRoster: Sendable {
    /// For each household number of the `HouseholdTable`: its place in `order` + 1 (0: none loaded yet).
    private var place: [UInt32] = []
    /// Household numbers, in the order their first line was loaded.
    private(set) var order: [UInt32] = []
    private var firstLines = LineNumbers()
    /// For each household in `order`: its last head or child + 1 (0: none).
    private var lastMember: [UInt32] = []

    private var memberLines = LineNumbers()
    /// Birth day as `year << 9 | month << 5 | day`.
    private var memberBirths: [Int32] = []
    private var memberIsHead: [Bool] = []
    /// A head's age (0 for children).
    private var memberAges = CompactColumn<UInt8>()
    /// The household's previous head or child + 1 (0: none).
    private var memberPrevious: [UInt32] = []

    /// A head or child as the checks read it.
    struct Member {
        var line: Int
        var birth: CivilDate
        var age: Int
    }

    /// Notes a loaded line of household `household` (its number in the `HouseholdTable`).
    mutating func add(household: Int, line: Int, relationship: Relationship, birth: CivilDate, age: Int) {
        if household >= place.count { place.append(contentsOf: repeatElement(0, count: household + 1 - place.count)) }
        if place[household] == 0 {
            order.append(UInt32(household))
            firstLines.append(line)
            lastMember.append(0)
            place[household] = UInt32(order.count)
        }
        guard relationship == .head || relationship == .child else { return }
        let house = Int(place[household]) - 1
        precondition(memberLines.count < Int(UInt32.max), "more than 4 billion heads and children in one file")
        memberLines.append(line)
        memberBirths.append(Int32(birth.year << 9 | birth.month << 5 | birth.day))
        memberIsHead.append(relationship == .head)
        memberAges.append(relationship == .head ? age : 0)
        memberPrevious.append(lastMember[house])
        lastMember[house] = UInt32(memberLines.count)
    }

    /// Households loaded so far.
    var count: Int { order.count }

    /// The household number and first line of the `n`th household loaded.
    func household(_ n: Int) -> (id: Int, firstLine: Int) { (Int(order[n]), firstLines[n]) }

    /// The heads and children of the `n`th household loaded, each in the order loaded.
    func members(_ n: Int) -> (heads: [Member], children: [Member]) {
        var heads: [Member] = [], children: [Member] = []
        var next = Int(lastMember[n])
        while next != 0 {
            let m = next - 1
            let packed = Int(memberBirths[m])
            let member = Member(line: memberLines[m],
                                birth: CivilDate(year: packed >> 9, month: packed >> 5 & 15, day: packed & 31)!,
                                age: memberAges[m])
            if memberIsHead[m] { heads.append(member) } else { children.append(member) }
            next = Int(memberPrevious[m])
        }
        heads.reverse()
        children.reverse()
        return (heads, children)
    }

    /// Bytes the roster holds, for tests and measurements.
    var byteCount: Int { place.count * 4 + order.count * 12 + memberLines.count * 14 }
}
