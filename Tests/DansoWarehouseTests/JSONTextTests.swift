import DansoTestSupport
import Foundation
import Testing
@testable import DansoWarehouse

/// The hand-written JSON of quarantined records reads back as the object it was made from.
@Suite("JSONText")
struct JSONTextTests {
    private static let alphabet: [Character] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "ộ", "Đ", "e\u{0301}",
        "😀", "\u{2028}", "\u{FEFF}", ",", ":", "{", "}",
    ]

    private static func randomObject(_ alphabet: [Character]) -> [String: String] {
        func text(_ length: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: length)).map { _ in alphabet.randomElement()! })
        }
        var object: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...22) { object[text(0...12)] = text(0...40) }
        return object
    }

    @Test func readsBackAsTheSameObject() throws {
        // Foundation's reader drops U+FEFF wherever it is: left out here, PostgreSQL reads it below.
        let alphabet = Self.alphabet.filter { $0 != "\u{FEFF}" }
        for _ in 0..<300 {
            let object = Self.randomObject(alphabet)
            let read = try #require(JSONSerialization.jsonObject(with: Data(JSONText.object(object).utf8)) as? [String: String])
            #expect(read == object)
        }
    }

    /// What is stored: `jsonb` of this text equals `jsonb` of the text `JSONSerialization` wrote.
    @Test func storesWhatJSONSerializationStored() throws {
        let database = try TestDatabase.fresh()
        let connection = try database.connect()
        // jsonb holds no NUL, whoever writes it.
        let alphabet = Self.alphabet.filter { $0 != "\u{0}" }
        for _ in 0..<200 {
            let object = Self.randomObject(alphabet)
            let theirs = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            let ours = JSONText.object(object)
            let row = try #require(try connection.query("select \(ours)::jsonb = \(theirs)::jsonb as same").first)
            #expect(row["same"] == "t", "\(ours) / \(theirs)")
        }
    }

    @Test func writesPlainJSON() {
        #expect(JSONText.object([:]) == "{}")
        #expect(JSONText.object(["ho_ten": "Nguyễn \"Văn\" A\\B", "stt": "1"]) == #"{"ho_ten":"Nguyễn \"Văn\" A\\B","stt":"1"}"#)
        #expect(JSONText.object(["x": "a\u{1}\n\u{1F}"]) == #"{"x":"a\u0001\n\u001f"}"#)
    }
}
