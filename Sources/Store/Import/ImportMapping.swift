import Foundation
import Pipeline
import TOMLKit

/// The mapping file of `dealboard import --map` (README, "Moving from Pipedrive / HubSpot /
/// Salesforce"): what the CRM's values mean on this board.
///
/// ```toml
/// number_style = "1,234.56"          # how the file writes amounts (default: the board's)
/// [stages]                            # CRM stage → board stage key
/// "Proposal/Price Quote" = "proposal"
/// [owners]                            # CRM owner → login of [[people]]
/// "Maria Rossi" = "maria"
/// [loss_reasons]                      # CRM lost reason → one of loss_reasons
/// "Too expensive" = "Price"
/// [fields]                            # extra column → custom field key ("" ignores it)
/// "Deal - Industry" = "segment"
/// ```
/// A value the mapping does not list is taken when it names the board's stage, person or
/// loss reason exactly (ignoring case); anything else is an error naming it.
public struct ImportMapping: Equatable, Sendable {
    public var numberStyle: NumberStyle?
    public var stages: [String: String] = [:]
    public var owners: [String: String] = [:]
    public var lossReasons: [String: String] = [:]
    public var fields: [String: String] = [:]

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    static let sections = ["stages", "owners", "loss_reasons", "fields"]

    public static func parse(_ text: String, name: String) throws -> ImportMapping {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw Invalid(description: "\(name):\(e.source.begin.line): \(e.description)")
        } catch {
            throw Invalid(description: "\(name): not valid TOML: \(error)")
        }
        var m = ImportMapping()
        for key in table.keys {
            switch key {
            case "number_style":
                guard let s = table[key]?.string, let style = NumberStyle(named: s) else {
                    throw Invalid(description: "\(name): number_style: expected one of \(NumberStyle.names)")
                }
                m.numberStyle = style
            case let section where sections.contains(section):
                guard let t = table[key]?.table else { throw Invalid(description: "\(name): [\(key)]: expected a table of \"CRM value\" = \"board value\"") }
                var pairs: [String: String] = [:]
                for k in t.keys {
                    guard let v = t[k]?.string else { throw Invalid(description: "\(name): [\(key)] \"\(k)\": expected a string in quotes") }
                    pairs[k] = v
                }
                switch key {
                case "stages": m.stages = pairs
                case "owners": m.owners = pairs
                case "loss_reasons": m.lossReasons = pairs
                default: m.fields = pairs
                }
            default:
                throw Invalid(description: "\(name): unknown key \"\(key)\"; expected number_style, [stages], [owners], [loss_reasons], [fields]")
            }
        }
        return m
    }

    /// A TOML basic string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value):
                out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
