import Foundation

/// ISO 8601 timestamps with the local offset (`2024-01-05T08:30:00.123+07:00`).
enum Timestamp {
    static func iso(_ date: Date, fractionalSeconds: Bool = true) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .current
        formatter.formatOptions = fractionalSeconds ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
