import Foundation
import Pipeline

/// `dealboard init`: a new board folder from a template.
public enum BoardInit {
    public struct Exists: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) already exists; a board is never overwritten (pick another --board or remove it yourself)" }
    }

    public struct UnknownTemplate: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "no template \"\(name)\"; templates: " + PipelineTemplates.all.map(\.name).joined(separator: ", ")
        }
    }

    /// Creates the folder (0700, or 2770 with a group), pipeline.toml and an empty journal (0600/0660).
    /// The user who creates the board is its first manager.
    @discardableResult
    public static func create(folder: String, template: String, sharedGroup: String?, manager: String? = nil) throws -> BoardFiles {
        let files = BoardFiles(folder: folder)
        guard let toml = PipelineTemplates.toml(named: template, managers: [manager ?? POSIX.currentUser]) else {
            throw UnknownTemplate(name: template)
        }
        if FileManager.default.fileExists(atPath: files.pipeline) { throw Exists(path: files.pipeline) }
        // Validate before writing anything: a template must always load.
        _ = try PipelineLoader.parse(toml, file: "template \(template)")
        try BoardFiles.createFolder(files.folder, sharedGroup: sharedGroup)
        try files.createExclusive(files.pipeline, contents: Data(toml.utf8))
        try files.createExclusive(files.journal, contents: Data())
        if sharedGroup != nil {
            // A shared board also needs its lock file group-writable from the start.
            try files.createExclusive(files.lock, contents: Data())
            // The team reads the rules but cannot rewrite them (managers = [...] decides who may
            // force a refused move): pipeline.toml is 0640, writable by its owner only.
            chmod(files.pipeline, 0o640)
        }
        // Lets two machines' journals merge with git (see ARCHITECTURE.md).
        try? files.createExclusive(files.folder + "/.gitattributes", contents: Data("journal.jsonl merge=union\njournal.lock -diff\n".utf8))
        POSIX.fsyncDirectory(files.folder)
        return files
    }
}
