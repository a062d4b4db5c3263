/// Finds the first byte sequence that is not UTF-8, so an error can say where it is
/// (Foundation only says "not UTF-8"). Follows the well-formed table of Unicode §3.9:
/// no overlong forms, no surrogates, nothing above U+10FFFF.
public enum UTF8Check {
    /// The offset of the first invalid sequence and how many bytes of it to show.
    public static func firstInvalid(_ bytes: [UInt8]) -> (offset: Int, length: Int)? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF   // allowed range of the second byte
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return (i, 1)
            }
            for k in 1...need {
                let ok = i + k < n && (k == 1 ? (lo...hi).contains(bytes[i + k]) : (0x80...0xBF).contains(bytes[i + k]))
                if !ok { return (i, min(k + (i + k < n ? 1 : 0), n - i)) }
            }
            i += need + 1
        }
        return nil
    }
}
