// swift-tools-version:6.0
import PackageDescription

// Four layers, one direction of dependency (see ../shared/ARCHITECTURE.md):
// dealboard -> BoardUI -> Terminal -> CNcurses, and dealboard/BoardUI -> Store -> Pipeline
// (Store -> CSnapshotMap).
// Terminal holds the terminal-neutral types (Screen, KeyEvent) and the only ncurses code;
// BoardUI draws into a Screen and never calls ncurses, so it is tested headless.
let package = Package(
    name: "dealboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dealboard", targets: ["dealboard"]),
        .executable(name: "dealboard-bench", targets: ["dealboard-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The domain: pure Swift, Foundation only, no I/O, no clock reads.
        .target(name: "Pipeline"),
        // A snapshot file mapped in place under a read lease (C: it swaps the mapping for a
        // copy from a signal handler when someone opens the file to change it).
        .target(name: "CSnapshotMap"),
        // The plain-file board: pipeline.toml, journal.jsonl, locking, formats.
        .target(name: "Store", dependencies: [
            "Pipeline", "CSnapshotMap",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // ncursesw (apt: libncurses-dev). The shim header defines _XOPEN_SOURCE_EXTENDED before
        // including curses.h; no pkgConfig, because SwiftPM drops (and warns about) the -D flags
        // ncursesw.pc gives, and the library and headers are in the default paths on Debian.
        .systemLibrary(name: "CNcurses"),
        // The only code that talks to ncurses.
        .target(name: "Terminal", dependencies: ["CNcurses"]),
        // Terminal-independent UI: screen grid, views, controller (tested headless).
        // (TOMLKit: the theme files.)
        .target(name: "BoardUI", dependencies: ["Pipeline", "Store", "Terminal", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "dealboard", dependencies: [
            "Pipeline", "Store", "BoardUI", "Terminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Performance figures (not tests): swift run -c release dealboard-bench
        .executableTarget(name: "dealboard-bench", dependencies: ["Pipeline", "Store", "BoardUI", "Terminal"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Pipeline"]),
        // Golden/: the whole-screen tests' expected screens (text files, read through #filePath).
        .testTarget(name: "BoardUITests", dependencies: ["BoardUI", "Terminal", "Store", "Pipeline"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["Store", "Pipeline"]),
    ]
)
