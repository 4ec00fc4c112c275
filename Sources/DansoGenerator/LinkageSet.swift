/// What `danso generate-linkage` is asked to make.
public struct LinkageOptions: Sendable {
    /// About this many people (whole households are made, so the count is not exact).
    public var people = 100_000
    public var seed: UInt64 = 1
    public var outputDirectory: String
    /// Where `admin_units_legacy.csv` and `ethnic_groups.csv` are.
    public var referenceDirectory: String
    /// Fraction of people given a duplicate record (a few of them get two).
    public var duplicateRate = 0.04
    /// Fraction of children listed with their mother who get a twin (a distinct person).
    public var twinRate = 0.01
    /// Only these communes (for tests); nil: the 94 communes of province 72.
    public var communeCodes: [String]?
    /// The register the people are taken from is dated the day before 1 January 2024, as
    /// `danso generate`'s default.
    public var registerDate = Day(2023, 12, 31)

    public init(outputDirectory: String, referenceDirectory: String) {
        self.outputDirectory = outputDirectory
        self.referenceDirectory = referenceDirectory
    }

    /// Checks the options; the message is Vietnamese first, English beside.
    public func validate() throws(GeneratorError) {
        if people < 100 || people > 20_000_000 {
            throw .invalidOption("--people phải từ 100 đến 20 000 000 / must be 100 to 20,000,000")
        }
        if !(0...0.3).contains(duplicateRate) {
            throw .invalidOption("--duplicates là tỷ lệ từ 0 đến 0,3 / --duplicates is a fraction from 0 to 0.3")
        }
        if !(0...0.1).contains(twinRate) {
            throw .invalidOption("tỷ lệ sinh đôi từ 0 đến 0,1 / the twin rate is a fraction from 0 to 0.1")
        }
    }
}

/// How a duplicate record differs from the person's register record (`dup_kind`).
public enum DuplicateKind: String, Sendable, CaseIterable, Comparable {
    /// One letter dropped, swapped or replaced, a tone mark changed or lost, all capitals,
    /// extra spaces, or the whole name typed without diacritics.
    case nameTypo = "name_typo"
    case dayMonthSwapped = "day_month_swapped"
    case pnMissing = "pn_missing"
    /// One digit changed, or two adjacent digits transposed.
    case pnMistyped = "pn_mistyped"
    /// Listed again in another household of the same or another commune.
    case twoHouseholds = "two_households"
    /// A newborn reported twice: same mother and sex, date equal or a few days off, the
    /// name one letter apart or without the given name, often no personal number.
    case birthTwice = "birth_twice"
    /// Moved within the province: another commune, a new household.
    case moved
    /// Only the birth year is known.
    case yearOnly = "year_only"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The kinds that are slips of the pen, which can come on top of another kind.
    static let errors: [DuplicateKind] = [.nameTypo, .dayMonthSwapped, .pnMissing, .pnMistyped, .yearOnly]
}

/// One line of records.csv, as meant.
public struct LinkageRecord: Sendable, Equatable {
    public var recordID = 0
    /// The person (equal for all the records of one person); also what `motherKey` refers to.
    public var trueID: Int
    public var fullName: String
    /// 1 male, 2 female.
    public var sex: Int
    public var birthYear: Int
    /// 0 when unknown.
    public var birthMonth: Int
    /// 0 when unknown.
    public var birthDay: Int
    /// 12 digits, or empty.
    public var personalNumber: String
    /// `<commune>-H<area>-<seq>`: unique in the province.
    public var householdKey: String
    public var communeCode: String
    /// The mother's `trueID` when she is listed in the same household.
    public var motherKey: Int?
    /// `register`, `birth_slip` or `move_slip`.
    public var source: String
    /// Empty for the register record of a person.
    public var kinds: [DuplicateKind]

    /// `dup_kind` as written: the kinds joined with `+`, in `DuplicateKind` order.
    public var dupKind: String { kinds.sorted().map(\.rawValue).joined(separator: "+") }

    /// The fields in the order of `LinkageSet.header`.
    public var fields: [String] {
        [String(recordID), String(trueID), fullName, String(sex), String(birthYear),
         birthMonth == 0 ? "" : String(birthMonth), birthDay == 0 ? "" : String(birthDay),
         personalNumber, householdKey, communeCode, motherKey.map(String.init) ?? "", source, dupKind]
    }
}

/// What a linkage generation made, for the command's summary and for tests.
public struct LinkageResult: Sendable {
    public var people = 0
    public var households = 0
    public var records = 0
    /// Duplicate records, and people with at least one.
    public var duplicates = 0
    public var duplicatedPeople = 0
    /// Pairs of records of the same person.
    public var truePairs = 0
    public var twinPairs = 0
    /// Duplicate records by kind (a record of two kinds counts under both).
    public var byKind: [DuplicateKind: Int] = [:]
    /// Duplicate records by their whole `dup_kind`.
    public var byCombination: [String: Int] = [:]
}

/// `danso generate-linkage`: a record-linkage test set with known duplicates.
///
/// The people are those of `danso generate`'s registers (the same household builder, so
/// real names with diacritics, ethnic groups, households and personal numbers consistent
/// with sex and birth year), with twins added where children are listed with their mother
/// and given names made distinct within each household.
/// Each person has one `register` record; a few percent get a duplicate that differs the
/// way records of one person differ in the field (`DuplicateKind`). Siblings, twins and
/// common names in other communes stay distinct people: the hard negatives.
/// Same options, same bytes.
public final class LinkageSet {
    public static let header = ["record_id", "true_id", "full_name", "sex", "birth_year", "birth_month", "birth_day",
                                "personal_number", "household_key", "commune_code", "mother_key", "source", "dup_kind"]
    /// People per household of the register builder (measured: 4.09 at 20,000 and 100,000 people).
    static let peoplePerHousehold = 4.09

    public let options: LinkageOptions
    /// Receives every record written, in file order (for tests).
    public var sink: ((LinkageRecord) -> Void)?
    /// Progress lines (Vietnamese first, English beside).
    public var progress: ((String) -> Void)?

    let names = NameBook()
    var pop: Population
    var reference: ProvinceReference!
    var numbers: NumberAllocator
    /// The mother of each person (index + 1), 0 when she is not in the household.
    var mother: [UInt32] = []
    /// Twins added (each a pair with the sibling it was made for).
    var twins = 0
    /// New households made by moves, per commune (their numbers follow the register's).
    var newHouseholds: [Int: Int] = [:]

    public init(options: LinkageOptions) {
        self.options = options
        pop = Population(communes: 0)
        numbers = NumberAllocator(seed: options.seed)
    }

    public func run() throws(GeneratorError) -> LinkageResult {
        try options.validate()
        reference = try ProvinceReference.load(directory: options.referenceDirectory, only: options.communeCodes)
        buildPopulation()
        progress?("  \(pop.people.count) người, \(pop.households.count) hộ / people, households")
        let duplicates = makeDuplicates()
        progress?("  \(duplicates.count) bản ghi trùng / duplicate records")
        try makeDirectory(options.outputDirectory)
        var result = try write(duplicates)
        result.households = pop.households.count
        result.twinPairs = twins
        try Outputs.write(summary(result).text() + "\n", to: "\(options.outputDirectory)/summary.json")
        return result
    }

    /// The register population of about `options.people` people, no two members of a
    /// household of one name, mothers found, twins added.
    func buildPopulation() {
        let communes = reference.communes
        let households = max(communes.count, Int((Double(options.people) / Self.peoplePerHousehold).rounded()))
        pop = Population(communes: communes.count)
        pop.people.reserveCapacity(households * 43 / 10)
        pop.households.reserveCapacity(households)
        let sizes = ProvinceGenerator.householdsPerCommune(households, communes, seed: options.seed)
        for (c, info) in communes.enumerated() {
            var builder = CommuneBuilder(commune: info, index: c, date: options.registerDate, names: names, seed: options.seed)
            builder.build(households: sizes[c], into: pop, numbers: &numbers)
        }
        distinctGivenNames()
        findMothers()
        addTwins()
    }

    /// The household key as written: commune code, then the register's household code.
    func householdKey(_ h: UInt32) -> String {
        reference.communes[Int(pop.households[Int(h)].commune)].code + "-" + pop.code(h)
    }

    /// The register record of person `i`.
    func original(_ i: Int) -> LinkageRecord {
        let p = pop.people[i]
        let h = p.household
        return LinkageRecord(
            trueID: i + 1, fullName: names.fullName(p.family, p.middle, p.given), sex: Int(p.sex),
            birthYear: Int(p.birthYear), birthMonth: Int(p.birthMonth), birthDay: Int(p.birthDay),
            personalNumber: p.number == 0 ? "" : NumberAllocator.text(p.number, sex: Int(p.sex), year: Int(p.birthYear)),
            householdKey: householdKey(h), communeCode: reference.communes[Int(pop.households[Int(h)].commune)].code,
            motherKey: mother[i] == 0 ? nil : Int(mother[i]), source: "register", kinds: [])
    }
}
