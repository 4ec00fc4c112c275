extension PostgresConnection {
    /// Streams rows into a `COPY … FROM STDIN` (text format) and returns the number of rows copied.
    ///
    /// The COPY is scoped to `body`: when it returns, the data is ended and the server's verdict
    /// is awaited; when it throws, the COPY is aborted (the server rolls the statement back), the
    /// connection is drained and the caller's own error is rethrown. Either way the connection
    /// is out of COPY mode afterwards.
    ///
    /// ```swift
    /// try conn.copyIn("copy person (id, name) from stdin") { writer in
    ///     for person in people { try writer.writeRow([String(person.id), person.name]) }
    /// }
    /// ```
    @discardableResult
    public func copyIn(
        _ query: PostgresQuery, file: String = #fileID, line: Int = #line,
        _ body: (inout PostgresCopyWriter) throws -> Void
    ) throws -> Int {
        try checkCopyStarted(handle.execParams(query.sql, binds: query.binds), query: query.sql, file: file, line: line)
        logger.debug("postgres copy started", metadata: ["sql": "\(query.sql)"])

        let stream = CopyStream(handle: handle, query: query.sql, file: file, line: line)
        var writer = PostgresCopyWriter(stream: stream)
        do {
            try body(&writer)
            try stream.flush()
        } catch {
            stream.close()
            let reason = String(String(describing: error).prefix(500))
            _ = handle.putCopyEnd(failure: "aborted by the client: \(reason)")
            drainResults()
            logger.debug("postgres copy aborted", metadata: ["error": "\(error)"])
            throw error
        }
        stream.close()

        guard handle.putCopyEnd(failure: nil) == 1 else {
            let error = PostgresError(kind: .copyFailed, message: handle.errorMessage, query: query.sql, file: file, line: line)
            drainResults()
            throw error
        }
        let result = try check(handle.nextResult(), query: query.sql, file: file, line: line)
        drainResults()
        logger.debug("postgres copy done", metadata: ["rows": "\(result.affectedRows)"])
        return result.affectedRows
    }

    private func checkCopyStarted(_ result: ResultHandle?, query: String, file: String, line: Int) throws {
        if let result, result.status == .copyIn { return }
        if let result, result.status == .commandOK || result.status == .tuplesOK {
            drainResults()
            throw PostgresError(
                kind: .protocolViolation, message: "copyIn needs a COPY … FROM STDIN statement",
                query: query, file: file, line: line)
        }
        // Errors and other COPY directions: `check` throws and leaves the connection clean.
        try check(result, query: query, file: file, line: line)
        throw PostgresError(kind: .protocolViolation, message: "copyIn needs a COPY … FROM STDIN statement", query: query, file: file, line: line)
    }
}
