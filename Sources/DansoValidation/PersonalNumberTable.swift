/// The personal numbers of one file and who first held each (rule R15).
///
/// A number has 12 digits, below 2^40, so it is kept in 5 bytes rather than a `String`
/// (16), beside its holder's household number (4, see `HouseholdTable`) and member number
/// (1), plus a 4-byte slot of an index at most half full: some 20 bytes a number, where a
/// `[PersonalNumber: PersonKey]` bucket took 56, sized ahead for the file.
struct PersonalNumberTable: Sendable {
    /// Each number's low 32 bits and the 8 above them.
    private var numberLow: [UInt32] = []
    private var numberHigh: [UInt8] = []
    private var holderHousehold: [UInt32] = []
    private var holderMember = CompactColumn<UInt8>()
    private var index = SlotIndex()
    private let hashing: KeyHashing

    init(hashing: KeyHashing = .standard) {
        self.hashing = hashing
    }

    mutating func reserveCapacity(_ n: Int) {
        numberLow.reserveCapacity(n)
        numberHigh.reserveCapacity(n)
        holderHousehold.reserveCapacity(n)
        holderMember.reserveCapacity(n)
    }

    /// Gives an unclaimed `number` (`PersonalNumber.value`) to the person (`household`,
    /// `member`); returns the other person holding it, if any (nil when it is theirs already).
    mutating func claim(_ number: UInt64, household: Int, member: Int) -> (household: Int, member: Int)? {
        precondition(number < 1 << 40, "a personal number has 12 digits")
        let (low, high) = (UInt32(truncatingIfNeeded: number), UInt8(truncatingIfNeeded: number >> 32))
        switch index.find(hash: hashing.word(number), matches: { numberLow[$0] == low && numberHigh[$0] == high }) {
        case .vacant(let slot):
            let position = numberLow.count
            numberLow.append(low)
            numberHigh.append(high)
            holderHousehold.append(UInt32(household))
            holderMember.append(member)
            let (lows, highs, word) = (numberLow, numberHigh, hashing.word)
            index.insert(position, at: slot) { word(UInt64(highs[$0]) << 32 | UInt64(lows[$0])) }
            return nil
        case .found(let position):
            let holder = (household: Int(holderHousehold[position]), member: holderMember[position])
            return holder == (household, member) ? nil : holder
        }
    }

    /// Bytes the table holds, for tests and measurements.
    var byteCount: Int { numberLow.count * 10 + index.byteCount }
}
