import Foundation
import Testing
@testable import DansoFeeds

@Suite("Pure logic: encoding decision, Vietnamese plausibility, NFC fast path")
struct DecisionTests {
    func score(_ text: String) -> VietnameseScore {
        var scorer = VietnameseScorer()
        Array(text.utf8).withUnsafeBytes { scorer.consume(utf8: $0) }
        return scorer.finish()
    }

    func stats(_ bytes: [UInt8]) -> ByteStats {
        var sniffer = ByteSniffer()
        bytes.withUnsafeBytes { sniffer.consume($0) }
        return sniffer.finish()
    }

    @Test("Real Vietnamese scores clean, decomposed or not")
    func vietnameseScoresClean() {
        let text = Fixture.names.joined(separator: ", ") + " — Thôn Đông Hưng, xã Đắk Lắk; người ở, nghiêng, giữ, quyết, khuya, gì"
        #expect(score(text).suspects == 0)
        #expect(score(text.decomposedStringWithCanonicalMapping).suspects == 0)
        #expect(score(text).isPlausible)
    }

    @Test("Each wrong decoding of the names scores worse than the right one")
    func mojibakeScoresBad() {
        let text = Fixture.registerCSV
        let cp1258 = Fixture.iconv(text, to: "CP1258")
        let tcvn = Fixture.iconv(text, to: "TCVN5712-1")
        func decode(_ bytes: [UInt8], _ from: FeedEncoding) -> String {
            let decoder = IconvDecoder(from: from.iconvName!)!
            let out = ByteBuffer(capacity: 64)
            bytes.withUnsafeBytes { try! decoder.decode($0, into: out) }
            try! decoder.finish(into: out)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        let right1258 = score(decode(cp1258, .windows1258)), wrong1258 = score(decode(cp1258, .tcvn3))
        let rightTCVN = score(decode(tcvn, .tcvn3)), wrongTCVN = score(decode(tcvn, .windows1258))
        #expect(right1258.suspects == 0 && rightTCVN.suspects == 0)
        #expect(!wrong1258.isPlausible)
        #expect(!wrongTCVN.isPlausible)
        #expect(EncodingDecision.decideEightBit(windows1258: right1258, tcvn3: wrong1258, looksBinary: false) == .encoding(.windows1258))
        #expect(EncodingDecision.decideEightBit(windows1258: wrongTCVN, tcvn3: rightTCVN, looksBinary: false) == .encoding(.tcvn3))
    }

    @Test("Syllable rules")
    func syllables() {
        func possible(_ word: String) -> Bool {
            let s = score(word + " ")
            return s.words == 1 && s.badWords == 0
        }
        for word in ["Nguyễn", "nghiêng", "Đức", "giữ", "quốc", "Trường", "khuyên", "Ánh", "ở", "Krông"] {
            #expect(possible(word), "\(word)")
        }
        for word in ["Hụèng", "Quèc", "Müller", "Straße", "éýỡc", "Nguyờịn", "Th\u{303}", "ŋa"] {
            #expect(!possible(word), "\(word)")
        }
    }

    @Test("Eight-bit decision: ties, failures, binary")
    func eightBitDecision() {
        let clean = VietnameseScore(words: 20, badWords: 1, badCharacters: 0)
        let worse = VietnameseScore(words: 20, badWords: 3, badCharacters: 0)
        let junk = VietnameseScore(words: 10, badWords: 8, badCharacters: 5)
        #expect(EncodingDecision.decideEightBit(windows1258: clean, tcvn3: worse, looksBinary: false) == .encoding(.windows1258))
        #expect(EncodingDecision.decideEightBit(windows1258: nil, tcvn3: clean, looksBinary: false) == .encoding(.tcvn3))
        if case .undetermined = EncodingDecision.decideEightBit(windows1258: clean, tcvn3: clean, looksBinary: false) {} else {
            Issue.record("a tie must be undetermined")
        }
        if case .undetermined = EncodingDecision.decideEightBit(windows1258: nil, tcvn3: nil, looksBinary: false) {} else {
            Issue.record("no decoding must be undetermined")
        }
        if case .undetermined = EncodingDecision.decideEightBit(windows1258: junk, tcvn3: junk, looksBinary: false) {} else {
            Issue.record("implausible must be undetermined")
        }
        if case .notTabular = EncodingDecision.decideEightBit(windows1258: junk, tcvn3: nil, looksBinary: true) {} else {
            Issue.record("implausible with control bytes must be binary")
        }
    }

    @Test("First step from raw bytes")
    func firstStep() {
        #expect(EncodingDecision.firstStep(stats(Array("a,b\n".utf8))) == .decided(.utf8))
        #expect(EncodingDecision.firstStep(stats([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8))) == .decided(.utf8BOM))
        #expect(EncodingDecision.firstStep(stats([0xFF, 0xFE, 0x61, 0x00])) == .verifyUTF16(.utf16LE))
        #expect(EncodingDecision.firstStep(stats([0xFE, 0xFF, 0x00, 0x61])) == .verifyUTF16(.utf16BE))
        #expect(EncodingDecision.firstStep(stats(Array("Tr".utf8) + [0xE2, 0xCC] + Array("n".utf8))) == .scoreEightBit)
        #expect(EncodingDecision.firstStep(stats([])) == .notTabular("the file is empty"))
    }

    @Test("UTF-8 validation across chunks")
    func utf8Validation() {
        let good = Array("Nguyễn Thị Hồng Nhung 𝄞 ok, and a longer ASCII tail to use the fast path".utf8)
        for split in 0...good.count {
            var sniffer = ByteSniffer()
            good[..<split].withUnsafeBytes { sniffer.consume($0) }
            good[split...].withUnsafeBytes { sniffer.consume($0) }
            #expect(sniffer.finish().isValidUTF8)
        }
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE1, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x61, 0xFF]] {
            #expect(!stats(bad).isValidUTF8, "\(bad)")
        }
    }

    @Test("The NFC fast path only accepts scalars that are NFC in any context")
    func nfcFastPath() {
        var ranges: [ClosedRange<UInt32>] = [0x80...0x2FF, 0x1E00...0x1EFF, 0x2002...0x20BF]
        ranges.append(0x20...0x7E)
        for range in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let s = String(Character(scalar))
                let bytes = Array(s.utf8)
                let fast = bytes.withUnsafeBytes { FieldText.isKnownNFC($0) }
                if fast { #expect(s.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(s.unicodeScalars), "U+\(String(v, radix: 16))") }
            }
        }
        let decomposed = Array("Nguyễn".decomposedStringWithCanonicalMapping.utf8)
        #expect(!decomposed.withUnsafeBytes { FieldText.isKnownNFC($0) })
        #expect(Array("Nguyễn Thị".utf8).withUnsafeBytes { FieldText.isKnownNFC($0) })
    }

    @Test("Vietnamese letter table covers all 134 toned/modified letters of each case")
    func letterTable() {
        let lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        for ch in lower + lower.uppercased() where !ch.isASCII {
            #expect(VietnameseLetters.letter(ch.unicodeScalars.first!.value) != nil, "\(ch)")
        }
        #expect(VietnameseLetters.letter(0xFC) == nil)  // ü
        #expect(VietnameseLetters.letter(0xD1) == nil)  // Ñ
    }
}
