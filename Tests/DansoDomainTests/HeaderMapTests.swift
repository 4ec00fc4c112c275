import Testing
import DansoDomain

@Suite("HeaderMap")
struct HeaderMapTests {
    private func map(_ header: [String]) -> HeaderMap<RegisterColumn> {
        HeaderMap<RegisterColumn>(header: header, label: \.labelVI)
    }

    @Test("spellings of the birth date column", arguments: [
        "ngay_sinh", "Ngày sinh", "NGAY SINH", "ngày_sinh.", " Ngày Sinh ", "NGÀY_SINH",
    ])
    func birthDateSpellings(_ cell: String) {
        let header = map(["ma_xa", cell, "ho_ten"])
        #expect(header[.birthDate] == 1)
        #expect(header[.communeCode] == 0)
        #expect(header[.fullName] == 2)
        #expect(header.unknown.isEmpty)
        #expect(header.repeated.isEmpty)
    }

    @Test func relationshipLabel() {
        #expect(map(["Quan hệ với chủ hộ"])[.relationship] == 0)
        #expect(map(["QUAN HE VOI CHU HO"])[.relationship] == 0)
        #expect(map(["quan_he_chu_ho"])[.relationship] == 0)
    }

    @Test("every column matches its machine name and its label alone", arguments: RegisterColumn.allCases)
    func eachColumnMatchesItself(_ column: RegisterColumn) {
        #expect(map([column.machineName]).positions == [column: 0])
        #expect(map([column.labelVI]).positions == [column: 0])
        #expect(map([VietnameseText.foldDiacritics(column.labelVI).uppercased()]).positions == [column: 0])
    }

    @Test func columnOrderIsFree() {
        let columns = Array(RegisterColumn.allCases.reversed())
        let header = map(columns.map(\.labelVI))
        for (position, column) in columns.enumerated() {
            #expect(header[column] == position)
        }
        #expect(header.positions.count == RegisterColumn.allCases.count)
    }

    @Test func unknownColumnsAreReportedWithTheirPositions() {
        let header = map(["ma_xa", "ghi_chu", "ho_ten", "Số điện thoại"])
        #expect(header.unknown.map(\.position) == [1, 3])
        #expect(header.unknown.map(\.name) == ["ghi_chu", "Số điện thoại"])
        #expect(header[.communeCode] == 0)
        #expect(header[.fullName] == 2)
    }

    @Test func repeatedColumnsAreReportedAndTheFirstWins() {
        let header = map(["ho_ten", "ma_xa", "Họ và tên", "HO TEN"])
        #expect(header[.fullName] == 0)
        #expect(header.repeated.map(\.position) == [2, 3])
        #expect(header.repeated.map(\.name) == ["Họ và tên", "HO TEN"])
        #expect(header.unknown.isEmpty)
    }

    @Test func emptyHeaderCellsAreIgnored() {
        let header = map(["ma_xa", "", "ho_ten", " ", ""])
        #expect(header.unknown.isEmpty)
        #expect(header.repeated.isEmpty)
        #expect(header.positions == [.communeCode: 0, .fullName: 2])
    }

    @Test func requiredColumns() {
        let required = Set(RegisterColumn.allCases.filter(\.isRequired))
        #expect(required == [.asOf, .communeCode, .area, .householdCode, .memberNo, .fullName, .relationship, .sex,
                             .birthDate, .ethnicity, .residence])
        let inHeader = Set(RegisterColumn.allCases.filter(\.isRequiredInHeader))
        #expect(inHeader == required.union([.maritalStatus]))
    }
}
