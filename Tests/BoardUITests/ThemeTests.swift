import Foundation
import Testing
import Store
import Terminal
@testable import BoardUI

/// Themes: where a name is looked up (never the current folder), the compiled-in copies of
/// the shipped themes, and how each is drawn on 8- and 256-colour terminals (nothing invisible).
@Suite struct ThemeTests {
    static let repoThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    @Test(arguments: Themes.shippedNames)
    func builtInCopyIsTheShippedFile(name: String) throws {
        let file = try String(contentsOfFile: Self.repoThemes + "/\(name).toml", encoding: .utf8)
        #expect(Themes.builtIn[name] == file, "Sources/BoardUI/BuiltInThemes.swift is out of date for themes/\(name).toml")
    }

    @Test func everyShippedFileIsBuiltIn() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repoThemes).filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Themes.builtIn.keys))
    }

    /// Every theme, as the terminal will draw it.
    static func palettes() throws -> [(String, Palette)] {
        var out = [("standard", Palette.standard), ("no colour", Palette.mono)]
        for name in Themes.shippedNames {
            out.append((name, try Themes.palette(.builtIn(name)) ?? .mono))
        }
        return out
    }

    @Test(arguments: [8, 16, 256])
    func nothingIsDrawnInItsOwnBackgroundColour(colours: Int) throws {
        for (name, palette) in try Self.palettes() {
            for (role, d) in palette.drawn(colours: colours) {
                #expect(!(d.fg == d.bg && d.fg >= 0), "\(name).\(role) at \(colours) colours: fg \(d.fg) on bg \(d.bg)")
                if colours == 8 { #expect(d.fg < 8 && d.bg < 8, "\(name).\(role): \(d)") }
                // Dark themes assume a dark default background: no black text on it.
                if name != "light", d.bg == -1, !d.reverse {
                    #expect(d.fg != 0, "\(name).\(role) at \(colours) colours is black on the (dark) default background")
                }
            }
        }
    }

    /// TERM=linux: the dim grey of hints and inactive cards used to become black on black.
    @Test func dimGreyOnEightColoursIsTheDefaultForegroundDimmed() {
        let hint = Palette.Look(fg: .brightBlack).drawn(colours: 8)
        #expect(hint == Palette.Drawn(fg: -1, bg: -1, bold: false, reverse: false, underline: false, dim: true))
        #expect(Palette.Look(fg: .brightBlack).drawn(colours: 256).fg == 8)
        #expect(Palette.Look(fg: .brightRed).drawn(colours: 8) == Palette.Drawn(fg: 1, bg: -1, bold: true, reverse: false, underline: false, dim: false))
        #expect(Palette.Look(fg: .brightWhite, bg: .white).drawn(colours: 8).fg == 0)
        #expect(Palette.Look(fg: .blue, bg: .blue).drawn(colours: 256).fg == 7)
    }

    // MARK: Where themes are found

    func folder() throws -> String {
        var t = Array((NSTemporaryDirectory() + "/dealboard-themes-XXXXXX").utf8CString)
        _ = mkdtemp(&t)
        return t.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    @Test func foldersAreConfigInstalledAndCheckoutNeverTheCurrentFolder() {
        let installed = Themes.folders(configFolder: "/home/a/.config/dealboard", executable: "/usr/local/bin/dealboard")
        #expect(installed == ["/home/a/.config/dealboard/themes", "/usr/local/share/dealboard/themes"])
        let debug = Themes.folders(configFolder: "/c", executable: "/src/dealboard/.build/debug/dealboard")
        #expect(debug == ["/c/themes", "/src/dealboard/.build/share/dealboard/themes", "/src/dealboard/themes"])
        let triple = Themes.folders(configFolder: "/c", executable: "/src/db/.build/x86_64-unknown-linux-gnu/release/dealboard")
        #expect(triple.last == "/src/db/themes")
        let cwd = FileManager.default.currentDirectoryPath
        for f in installed + debug + triple { #expect(f != cwd + "/themes") }
    }

    @Test func aThemePlantedInTheCurrentFolderIsNotUsed() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/board/themes", withIntermediateDirectories: true)
        try "name = \"planted\"\n[roles]\nnormal = { fg = \"red\" }\n".write(toFile: dir + "/board/themes/default.toml", atomically: true, encoding: .utf8)
        try "name = \"planted\"\n[roles]\nnormal = { fg = \"red\" }\n".write(toFile: dir + "/board/themes/planted.toml", atomically: true, encoding: .utf8)
        // The executable's folder and the board folder are the usual neighbours; the cwd
        // itself is tested through the real binary (CommandLineTests).
        let exe = dir + "/bin/dealboard"
        #expect(Themes.find("default", configFolder: dir + "/cfg", executable: exe) == .builtIn("default"))
        #expect(Themes.find("planted", configFolder: dir + "/cfg", executable: exe) == nil)
        // A path is the user's own choice.
        #expect(Themes.find("./themes/planted.toml", configFolder: dir + "/cfg", executable: exe) == .file("./themes/planted.toml"))
    }

    @Test func theUsersConfigFolderComesFirstThenTheInstalledOnesThenBuiltIn() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let exe = dir + "/prefix/bin/dealboard"
        try FileManager.default.createDirectory(atPath: dir + "/prefix/share/dealboard/themes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/cfg/themes", withIntermediateDirectories: true)
        try "[roles]\n".write(toFile: dir + "/prefix/share/dealboard/themes/light.toml", atomically: true, encoding: .utf8)
        try "[roles]\n".write(toFile: dir + "/prefix/share/dealboard/themes/site.toml", atomically: true, encoding: .utf8)
        try "[roles]\n".write(toFile: dir + "/cfg/themes/light.toml", atomically: true, encoding: .utf8)
        #expect(Themes.find("light", configFolder: dir + "/cfg", executable: exe) == .file(dir + "/cfg/themes/light.toml"))
        #expect(Themes.find("site", configFolder: dir + "/cfg", executable: exe) == .file(dir + "/prefix/share/dealboard/themes/site.toml"))
        #expect(Themes.find("mono", configFolder: dir + "/cfg", executable: exe) == .builtIn("mono"))
        #expect(try Themes.palette(.builtIn("mono")) == nil)
    }

    @Test func aThemeFolderEveryoneCanWriteIsNotUsed() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A binary run from <dir>/bin looks in <dir>/share/dealboard/themes; in /tmp anyone could make that.
        let themes = dir + "/share/dealboard/themes"
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        try "[roles]\n".write(toFile: themes + "/default.toml", atomically: true, encoding: .utf8)
        #expect(Themes.find("default", configFolder: dir + "/cfg", executable: dir + "/bin/dealboard") == .file(themes + "/default.toml"))
        #expect(chmod(themes, 0o777) == 0)
        #expect(Themes.find("default", configFolder: dir + "/cfg", executable: dir + "/bin/dealboard") == .builtIn("default"))
        #expect(chmod(themes, 0o755) == 0)
        #expect(chmod(themes + "/default.toml", 0o666) == 0)
        #expect(Themes.find("default", configFolder: dir + "/cfg", executable: dir + "/bin/dealboard") == .builtIn("default"))
    }
}
