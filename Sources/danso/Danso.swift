import ArgumentParser

/// danso: the population data warehouse of a province.
///
/// The CLI is a thin adapter: every command parses its options, calls the library
/// targets, and maps their errors to messages and exit codes. Commands are synchronous:
/// libpq and file reading block anyway, and nothing here waits on two things at once.
@main
struct Danso: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "danso",
        abstract: "Kho dữ liệu dân số: nạp sổ hộ (A0), kiểm tra, tính chỉ tiêu. / Population data warehouse: load household registers (A0), check them, compute indicators.",
        discussion: """
            Cấu hình / Configuration:
              DANSO_DATABASE_URL  máy chủ PostgreSQL (libpq URL); khi có, không khởi động cụm nhúng.
                                  a PostgreSQL server (libpq URL); when set, no embedded cluster is started.
              DANSO_HOME          thư mục của cụm PostgreSQL nhúng (mặc định ./.danso).
                                  home of the embedded PostgreSQL cluster (default ./.danso).
              DANSO_SQL_DIR, DANSO_REFERENCE_DIR  nơi tìm sql/ và danh mục / where sql/ and the reference lists are.
            """,
        subcommands: [Database.self, Migrate.self, Ingest.self, QuarantineCommand.self, Indicators.self, Refresh.self, Pipeline.self, Generate.self, GenerateLinkageCommand.self,
                      Link.self, LinkRecords.self, Review.self]
    )
}
