import Testing
import DansoLinkage

@Suite("NameForms")
struct NameFormsTests {
    @Test func splitsFamilyMiddleGiven() {
        let forms = NameForms("Nguyễn Thị Ngọc Ánh")
        #expect(forms.nfc == "nguyễn thị ngọc ánh")
        #expect(forms.toned == "nguyễn thị ngọc ánh")
        #expect(forms.folded == "nguyen thi ngoc anh")
        #expect(forms.family == "nguyen")
        #expect(forms.middle == ["thi", "ngoc"])
        #expect(forms.given == "anh")
        #expect(forms.familyAndMiddle == "nguyen thi ngoc")
    }

    @Test func spacesCapitalsAndDecomposedInputGiveOneForm() {
        let plain = NameForms("Đặng Văn Thưởng")
        // Padded, doubled spaces, a tab, a no-break space, capitals, NFD (as CP1258 writes it).
        let variants = [
            "  Đặng   Văn\tThưởng ", "ĐẶNG VĂN THƯỞNG", "Đặng\u{00A0}Văn Thưởng",
            "\u{0110}a\u{0323}\u{0306}ng Va\u{0306}n Thu\u{031B}o\u{031B}\u{0309}ng",
        ]
        for text in variants {
            let forms = NameForms(text)
            #expect(forms == plain, "\(text)")
            #expect(forms.nfc.unicodeScalars.map(\.value) == "đặng văn thưởng".unicodeScalars.map(\.value))
        }
        #expect(plain.folded == "dang van thuong")
    }

    @Test func missingMiddleName() {
        let forms = NameForms("Trần Lan")
        #expect(forms.family == "tran")
        #expect(forms.middle.isEmpty)
        #expect(forms.given == "lan")
        #expect(forms.familyAndMiddle == "tran")
    }

    @Test func oneWordAndEmptyNames() {
        let one = NameForms("Ysa")
        #expect(one.family == "")
        #expect(one.familyAndMiddle == "")
        #expect(one.given == "ysa")
        let empty = NameForms("   ")
        #expect(empty.nfc == "")
        #expect(empty.folded == "")
        #expect(empty.given == "")
    }

    @Test("old and new tone placement are one toned form", arguments: [
        ("Lê Thị Hoà", "Lê Thị Hòa"), ("Phạm Thị Thuỷ", "Phạm Thị Thủy"), ("Võ Văn Khoẻ", "Võ Văn Khỏe"),
        ("Trần Thị Thuý", "Trần Thị Thúy"), ("Lý Văn Tuỳ", "Lý Văn Tùy"), ("Hồ Thị Hoạ", "Hồ Thị Họa"),
    ])
    func tonePlacement(_ newer: String, _ older: String) {
        let a = NameForms(newer), b = NameForms(older)
        #expect(a.toned == b.toned)
        #expect(a.toned == NameForms(older).nfc)
        #expect(a.nfc != b.nfc)   // as written, they differ
    }

    @Test func toneIsNotMovedWhereOnlyOneSpellingExists() {
        // `qu` is a consonant: the tone of quý stays on y; closed syllables and uyê are fixed.
        #expect(NameForms("Lê Quý").toned == "lê quý")
        #expect(NameForms("Nguyễn Hoàng").toned == "nguyễn hoàng")
        #expect(NameForms("Lê Thị Tuyết").toned == "lê thị tuyết")
        #expect(NameForms("Đỗ Văn Toán").toned == "đỗ văn toán")
        #expect(NameForms("Ngô Thị Hoa").toned == "ngô thị hoa")
    }
}
