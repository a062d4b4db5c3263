/// The one place the version is written: `dealboard --version` prints it, `dealboard --help`
/// shows it on its first line, and the man page is generated with it.
enum DealboardVersion {
    static let number = "0.1.0"
    /// As `--version` prints it: the name too, so a line pasted into a bug report says what it is.
    static let line = "dealboard \(number)"
}
