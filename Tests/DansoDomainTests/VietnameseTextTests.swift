import Testing
import DansoDomain

@Suite("VietnameseText")
struct VietnameseTextTests {
    @Test func foldsToneMarksAndD() {
        #expect(VietnameseText.foldDiacritics("Đặng Thị Ánh") == "dang thi anh")
        #expect(VietnameseText.foldDiacritics("NGUYỄN ĐỨC THƯỞNG") == "nguyen duc thuong")
        #expect(VietnameseText.foldDiacritics("Ơ Đu, Khơ Mú; Ê Đê") == "o du, kho mu; e de")
        #expect(VietnameseText.foldDiacritics("plain ascii 123") == "plain ascii 123")
    }

    @Test func foldsDecomposedInputTheSame() {
        // "Ánh" with a combining acute (as CP1258 writes it) and "ặ" fully decomposed.
        let decomposed = "\u{0110}a\u{0323}\u{0306}ng Thi\u{0323} A\u{0301}nh"
        #expect(VietnameseText.foldDiacritics(decomposed) == "dang thi anh")
    }

    @Test("match keys ignore case, diacritics, spaces, dots and underscores", arguments: [
        "ngay_sinh", "Ngày sinh", "NGAY SINH", "ngày_sinh.", "  Ngày  Sinh ", "N.G.A.Y-sinh", "ngaysinh",
    ])
    func matchKey(_ text: String) {
        #expect(VietnameseText.matchKey(text) == "ngaysinh")
    }

    @Test func matchKeyKeepsDigits() {
        #expect(VietnameseText.matchKey("Mã xã 01") == "maxa01")
        #expect(VietnameseText.matchKey("...") == "")
    }

    @Test func nfcComposes() {
        let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} Tuye\u{0302}\u{0301}t"
        let composed = VietnameseText.nfc(decomposed)
        #expect(composed.unicodeScalars.map(\.value) == "Nguyễn Thị Tuyết".unicodeScalars.map(\.value))
        #expect(composed.unicodeScalars.count == 16)
        #expect(VietnameseText.nfc("ascii only") == "ascii only")
    }
}
