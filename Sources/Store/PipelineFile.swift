import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// pipeline.toml is the board owner's file: the rules (exit criteria, who is a manager) are
/// only as trustworthy as whoever can write them. It is read through one checked descriptor:
/// a regular file (no symlink, no FIFO), owned by the board folder's owner (or root), and
/// writable by nobody else.
enum PipelineFile {
    static func load(_ files: BoardFiles) throws -> PipelineDefinition {
        guard let (data, st) = try SafeFile.readAll(files.pipeline) else {
            throw PipelineFileError(file: files.pipeline, line: nil, keyPath: "", message: "cannot read the file (missing)")
        }
        if let problem = ownershipProblem(st, files) { throw problem }
        return try PipelineLoader.load(data: data, file: files.pipeline)
    }

    static func ownershipProblem(_ st: stat, _ files: BoardFiles) -> UnsafeBoardFile? {
        let owner = files.owner
        if st.st_uid != 0, let owner, st.st_uid != owner {
            return UnsafeBoardFile(path: files.pipeline,
                                   problem: "it belongs to \(SafeFile.userName(st.st_uid)), but the board to \(SafeFile.userName(owner)), and only the board's owner may set its rules",
                                   fix: "the board's owner can put the rules back (rename this file aside and restore pipeline.toml); see \"Sharing a board on a server\" in the README")
        }
        if st.st_mode & 0o022 != 0 {
            return UnsafeBoardFile(path: files.pipeline,
                                   problem: "others can write it (mode \(String(st.st_mode & 0o777, radix: 8))), so anyone could change the rules and the managers",
                                   fix: "its owner can fix it: chmod go-w \(files.pipeline)")
        }
        return nil
    }
}
