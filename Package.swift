// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ftz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ftz", targets: ["ftz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        .target(name: "FTZCore", swiftSettings: strict),
        .target(name: "EDIFACT", swiftSettings: strict),
        // PAdES signatures of the PDFs the zone issues, behind a port for the signing key, and
        // the verification of signed PDFs people upload: pure, no database, no server.
        .target(name: "DocumentSigning", dependencies: [
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: strict),
        // ISO/IEC 18004 QR codes for certificates and forms: pure, no other module needed.
        .target(name: "QRCode", swiftSettings: strict),
        // The zone's YAML files read within bounds (size, nesting, aliases) on a thread with a
        // stack sized for decoding them: shared by every capability's catalogue loader.
        .target(name: "CatalogueFiles", dependencies: ["FTZCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .executableTarget(name: "EmbedTool"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedTool"]),
        .target(name: "Merkle", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Storage", dependencies: [
            .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            "FTZCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "SQLiteNIO", package: "sqlite-nio"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        // Risk scoring's learning core: gradient-boosted trees, explanations and metrics, with
        // no database and no server, so the benchmark and the trade service share it.
        .target(name: "RiskLearning", dependencies: ["FTZCore", "Localization", "CatalogueFiles", .product(name: "Yams", package: "Yams")],
                exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        // Risk targeting as a capability: assessments on ingest, lanes within the budget,
        // officers' decisions, inspection outcomes and model versions, stored and ledgered.
        .target(name: "Risk", dependencies: [
            "FTZCore", "Storage", "Ledger", "Localization", "RiskLearning",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Localization", dependencies: ["FTZCore"], resources: [.copy("Resources/messages")], swiftSettings: strict),
        // PDF output: objects, cross-reference table, deflate, TrueType subsets with ToUnicode,
        // page layout and room for a signature. Pure; the DejaVu fonts ship as resources.
        .target(name: "PDFWriter", resources: [.copy("Resources/Fonts")], swiftSettings: strict),
        .target(name: "Ledger", dependencies: [
            "FTZCore", "Merkle", "Storage",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Licensing", dependencies: [
            .product(name: "SQLKit", package: "sql-kit"),
            "CatalogueFiles", "FTZCore", "Storage", "Ledger", "Localization", "PDFWriter", "QRCode", "DocumentSigning",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        .target(name: "TradeData", dependencies: [
            "CatalogueFiles", "FTZCore", "Storage", "Ledger", "Localization", "EDIFACT",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        .target(name: "DataExchange", dependencies: [
            "CatalogueFiles", "FTZCore", "Storage", "Ledger", "Localization",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        .target(name: "Programs", dependencies: [
            .product(name: "SQLKit", package: "sql-kit"),
            "CatalogueFiles", "FTZCore", "Storage", "Ledger", "Localization",
            .product(name: "Yams", package: "Yams"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        .target(name: "Identity", dependencies: [
            .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit"),
            "FTZCore", "Storage", "Ledger", "Localization",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "Notifications", dependencies: [
            "FTZCore", "Storage", "Ledger", "Localization",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], swiftSettings: strict),
        .target(name: "FTZAPI", dependencies: [
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
        ],
        // Generated code: its unused-import warnings are silenced by the generator itself
        // only on compilers newer than 6.3, so they are suppressed here, for this module alone.
        swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
        plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),
        // What both presentations share: canonical paths, request scope and access log,
        // problem documents, body limits, metrics, and the services they are handed.
        .target(name: "HTTPSupport", dependencies: [
            "FTZCore", "Storage", "Ledger", "Localization", "Identity", "Licensing", "Programs", "TradeData", "DataExchange", "Notifications",
            "Risk",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            // The outer problem layer understands what the generated server throws.
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
        ], swiftSettings: strict),
        // The JSON API under /v1 (and the operations endpoints): the generated server's
        // handlers, with bearer authentication, feed admission and idempotency.
        .target(name: "API", dependencies: [
            "HTTPSupport", "FTZCore", "Storage", "Ledger", "Localization", "Identity", "Licensing", "Programs", "TradeData", "DataExchange",
            "Notifications", "FTZAPI", "Risk", "RiskLearning",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        // The web console for people: server-rendered pages, cookie sessions, CSRF.
        .target(name: "WebConsole", dependencies: [
            "HTTPSupport", "FTZCore", "Storage", "Ledger", "Localization", "Identity", "Licensing", "Programs", "TradeData", "DataExchange",
            "Notifications", "Risk", "RiskLearning",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ], exclude: ["embed.txt"], swiftSettings: strict, plugins: ["EmbedFiles"]),
        // The composition root: wiring, background jobs, set-up and the adapters between
        // capabilities. HTTPSupport, API and WebConsole above are HTTP only; ftz below is the command line.
        .target(name: "App", dependencies: [
            "FTZCore", "Storage", "Ledger", "Localization", "Identity", "Licensing", "Programs", "TradeData", "DataExchange", "Notifications",
            "Risk", "RiskLearning", "HTTPSupport", "API", "WebConsole", "DocumentSigning",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        .executableTarget(name: "ftz", dependencies: [
            "App", "HTTPSupport", "Storage", "Ledger", "Risk",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        .executableTarget(name: "HelloBench", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
        ], path: "Benchmarks/HelloWorld"),
        .executableTarget(name: "LedgerBench", dependencies: [
            "Ledger", "Storage", "Merkle", "FTZCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/LedgerBench"),
        .executableTarget(name: "LicensingBench", dependencies: [
            "Licensing", "Ledger", "Storage", "FTZCore",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/LicensingBench"),
        .executableTarget(name: "DocumentsBench", dependencies: ["PDFWriter", "QRCode", "DocumentSigning"], path: "Benchmarks/DocumentsBench"),
        .executableTarget(name: "ProgrammesBench", dependencies: [
            "Programs", "Ledger", "Storage", "FTZCore",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/ProgrammesBench"),
        .executableTarget(name: "TradeBench", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            "Storage", "FTZCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/TradeBench"),
        .executableTarget(name: "NotificationsBench", dependencies: [
            "Notifications", "Ledger", "Storage", "FTZCore", "Localization",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/NotificationsBench"),
        .executableTarget(name: "RiskBench", dependencies: ["RiskLearning"], path: "Benchmarks/RiskBench"),
        .executableTarget(name: "EDIFACTBench", dependencies: ["EDIFACT", "FTZCore"], path: "Benchmarks/EDIFACTBench", exclude: ["pydifact_read.py"]),
        .testTarget(name: "FTZCoreTests", dependencies: ["FTZCore"]),
        .testTarget(name: "MerkleTests", dependencies: ["Merkle"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization"]),
        .testTarget(name: "PDFWriterTests", dependencies: ["PDFWriter", "FTZCore", "TestSupport"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "TestSupport", .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(name: "LedgerTests", dependencies: [
            "FTZCore", "Storage", .product(name: "Crypto", package: "swift-crypto"),"Ledger", "Merkle", "TestSupport", .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(name: "LicensingTests", dependencies: [
            "FTZCore", "Storage","Licensing", "Ledger", "Localization", "TestSupport", .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(name: "EDIFACTTests", dependencies: ["EDIFACT", "FTZCore"]),
        .testTarget(name: "DocumentSigningTests", dependencies: [
            // PDFWriter only to check, in one test, that the two agree on the signature placeholders.
            "DocumentSigning", "PDFWriter", .product(name: "X509", package: "swift-certificates"),
        ]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "TestSupport"]),
        .testTarget(name: "RiskLearningTests", dependencies: ["RiskLearning", "FTZCore"]),
        .testTarget(name: "TradeDataTests", dependencies: [
            "FTZCore", "Storage", .product(name: "SQLKit", package: "sql-kit"),"TradeData", "Ledger", "TestSupport",
                                                            .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ProgramsTests", dependencies: [
            "FTZCore", "Storage", .product(name: "SQLKit", package: "sql-kit"),"Programs", "Ledger", "Localization", "TestSupport"]),
        .testTarget(name: "NotificationsTests", dependencies: [
            "Notifications", "FTZCore", "Identity", "Ledger", "Localization", "Storage", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "DataExchangeTests", dependencies: [
            "DataExchange", "FTZCore", "Identity", "Ledger", "Storage", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "IdentityTests", dependencies: [
            "FTZCore", "Ledger", "Storage","Identity", "TestSupport", .product(name: "SQLKit", package: "sql-kit")]),
        // The zone data (catalogue files) of the capabilities, audited apart from any server.
        .testTarget(name: "CatalogueTests", dependencies: ["DataExchange", "Localization", "Programs", "TradeData"]),
        .testTarget(name: "ServerTests", dependencies: [
            "DataExchange", "Ledger", "Merkle", "Programs", .product(name: "Crypto", package: "swift-crypto"), .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "SQLKit", package: "sql-kit"),
            "App", "HTTPSupport", "API", "WebConsole", "TestSupport", "Identity", "Storage", "FTZCore", "Notifications", "TradeData", "Licensing", "Localization",
            "Risk", "RiskLearning", "DocumentSigning",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(name: "TestSupport", dependencies: [
            "Storage", "FTZCore", "Ledger", .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport"),
    ]
)
