extension PostgresConnection {
    /// Runs `body` in a transaction: `BEGIN`, then `COMMIT`, or `ROLLBACK` and rethrow if it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work. If
    /// `body` catches a database error and returns normally, the transaction is already
    /// aborted on the server: it is rolled back and an error with SQLSTATE 25P02 is thrown
    /// rather than reporting a commit that did not happen.
    @discardableResult
    public func transaction<T>(
        file: String = #fileID, line: Int = #line,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        let nested = handle.transactionStatus != .idle
        let savepoint = "danso_savepoint_\(savepointDepth + 1)"
        let begin = nested ? "SAVEPOINT \(savepoint)" : "BEGIN"
        let rollback = nested ? "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)" : "ROLLBACK"
        try execute(PostgresQuery(unsafeSQL: begin), file: file, line: line)
        if nested { savepointDepth += 1 }
        defer { if nested { savepointDepth -= 1 } }

        let value: T
        do {
            value = try body(self)
        } catch {
            do {
                try execute(unsafeSQL: rollback, file: file, line: line)
            } catch let rollbackError {
                logger.error("postgres: rollback failed", metadata: ["error": "\(rollbackError)"])
            }
            throw error
        }

        if handle.transactionStatus == .inError {
            try execute(unsafeSQL: rollback, file: file, line: line)
            throw PostgresError(
                kind: .other, sqlstate: "25P02",
                message: "the transaction was aborted by an earlier error that was caught inside it; it has been rolled back",
                file: file, line: line)
        }
        let end = nested ? "RELEASE SAVEPOINT \(savepoint)" : "COMMIT"
        try execute(PostgresQuery(unsafeSQL: end), file: file, line: line)
        return value
    }
}
