// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "csws",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "csws", targets: ["csws"]),
        .library(name: "CswsCore", targets: ["CswsCore"]),
        .library(name: "CswsGit", targets: ["CswsGit"]),
        .library(name: "CswsSync", targets: ["CswsSync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // The system SQLite, for `csws export --format sqlite` (pkg-config sqlite3, apt libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "CswsCore",
            dependencies: [
                "CSQLite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .target(
            name: "CswsGit",
            dependencies: ["CLibgit2"]
        ),
        // The sync flow (lock, commit, fetch, merge, gate, push, report), with no command-line code.
        .target(
            name: "CswsSync",
            dependencies: ["CswsCore", "CswsGit"]
        ),
        .executableTarget(
            name: "csws",
            dependencies: [
                "CswsCore",
                "CswsGit",
                "CswsSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test helpers shared by both test targets (not shipped).
        .target(
            name: "CswsTestSupport",
            path: "Tests/CswsTestSupport"
        ),
        .testTarget(
            name: "CswsCoreTests",
            dependencies: ["CswsCore", "CswsTestSupport"]
        ),
        .testTarget(
            name: "CswsEndToEndTests",
            dependencies: ["CswsCore", "CswsGit", "CswsSync", "CswsTestSupport"],
            // Read from the source tree by path (#filePath), not bundled as resources.
            exclude: ["BadInput", "Golden", "Fixtures", "Servers", "Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
