import TOMLKit

/// A small TOML settings file (a theme, config.toml) read the way pipeline.toml is: a syntax
/// error or a wrong value names the file, the line and the key path.
public struct TOMLFile {
    public let file: String
    public let table: TOMLTable
    let locator: TOMLLocator

    public init(text: String, file: String) throws {
        self.file = file
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw PipelineFileError(file: file, line: e.source.begin.line, keyPath: "", message: "not valid TOML: \(e.description)")
        }
        locator = TOMLLocator(text: text)
    }

    /// An error at a key path such as `[("keys", nil), ("won", nil)]`.
    public func fail(_ keyPath: [(String, Int?)], _ message: String) -> PipelineFileError {
        PipelineFileError(file: file, line: locator.line(of: keyPath), keyPath: keyPath.map(\.0).joined(separator: "."), message: message)
    }
}
