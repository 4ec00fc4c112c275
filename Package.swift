// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "danso",
    products: [
        .executable(name: "danso", targets: ["danso"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"4.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        // C libraries from Debian (libpq-dev, libcsv-dev).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV",
                       providers: [.apt(["libcsv-dev"])]),

        // Domain model and code lists: pure, no I/O.
        .target(name: "DansoDomain"),
        // Reading commune files: encodings (iconv), CSV (libcsv), NFC.
        .target(name: "DansoFeeds", dependencies: [
            "CLibCSV",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The checks of feeds.md §6 and the validation report.
        .target(name: "DansoValidation", dependencies: [
            "DansoDomain", "DansoFeeds",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // A thin libpq wrapper and the embedded cluster.
        .target(name: "DansoPostgres", dependencies: [
            "CLibPQ",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Migrations, reference data, batches and the history-keeping register.
        .target(name: "DansoWarehouse", dependencies: [
            "DansoDomain", "DansoFeeds", "DansoValidation", "DansoPostgres",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Drop-folder pipelines: declarative definitions (YAML), ordering, archiving, run audit.
        .target(name: "DansoPipeline", dependencies: [
            "DansoWarehouse", "DansoValidation", "DansoFeeds", "DansoDomain", "DansoPostgres",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // The indicator catalogue and its computation.
        .target(name: "DansoIndicators", dependencies: ["DansoDomain", "DansoPostgres", "DansoWarehouse"]),
        // Deterministic synthetic provinces (registers and monthly changes) for tests and benchmarks.
        .target(name: "DansoGenerator", dependencies: ["DansoDomain", "DansoFeeds"]),
        // Probabilistic record linkage of people (Fellegi–Sunter): pure, no database.
        .target(name: "DansoLinkage", dependencies: ["DansoDomain"]),
        // The person matcher on the register: identities, links, the review queue, clusters.
        .target(name: "DansoDeduplication", dependencies: [
            "DansoLinkage", "DansoPostgres", "DansoWarehouse",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The command line.
        .executableTarget(name: "danso", dependencies: [
            "DansoWarehouse", "DansoIndicators", "DansoPostgres", "DansoPipeline", "DansoGenerator",
            "DansoDeduplication", "DansoLinkage", "DansoFeeds",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Throwaway PostgreSQL clusters for tests.
        .target(name: "DansoTestSupport", dependencies: ["DansoPostgres"]),

        .testTarget(name: "DansoDomainTests", dependencies: ["DansoDomain"]),
        .testTarget(name: "DansoFeedsTests", dependencies: ["DansoFeeds"]),
        .testTarget(name: "DansoValidationTests", dependencies: ["DansoValidation", "DansoDomain", "DansoFeeds"]),
        .testTarget(name: "DansoPostgresTests", dependencies: ["DansoPostgres", "DansoTestSupport"]),
        .testTarget(name: "DansoWarehouseTests", dependencies: [
            "DansoWarehouse", "DansoIndicators", "DansoTestSupport", "DansoPostgres", "DansoDomain",
        ]),
        .testTarget(name: "DansoPipelineTests", dependencies: [
            "DansoPipeline", "DansoWarehouse", "DansoTestSupport", "DansoPostgres",
        ]),
        .testTarget(name: "DansoLinkageTests", dependencies: ["DansoLinkage", "DansoDomain"]),
        .testTarget(name: "DansoDeduplicationTests", dependencies: [
            "DansoDeduplication", "DansoLinkage", "DansoWarehouse", "DansoIndicators", "DansoTestSupport", "DansoPostgres",
            "DansoDomain",
        ]),
        .testTarget(name: "DansoGeneratorTests", dependencies: [
            "DansoGenerator", "DansoFeeds", "DansoDomain", "DansoValidation", "DansoWarehouse", "DansoIndicators",
            "DansoTestSupport", "DansoPostgres", "DansoDeduplication", "DansoLinkage",
        ]),
    ]
)
