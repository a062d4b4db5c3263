import Foundation
import Testing
@testable import Pipeline

@Suite struct SafeTextTests {
    @Test(arguments: [
        ("\u{1B}]0;pwned\u{07}", "^[]0;pwned^G"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}", "^[]52;c;ZXZpbA==^G"),
        ("\u{1B}[2J", "^[[2J"),
        ("a\rb", "a^Mb"),
        ("ab\u{08}\u{08}xy", "ab^H^Hxy"),
        ("one\ntwo", "one⏎two"),
        ("one\r\ntwo", "one⏎two"),
        ("a\u{7F}", "a^?"),
        ("\u{0}\u{1}\u{1F}", "^@^A^_"),
        ("a\u{9B}6n", "a\\u009B6n"),
        ("a\u{85}b", "a\\u0085b"),
        ("\u{202E}evil", "\\u202Eevil"),
        ("\u{2066}x\u{2069}", "\\u2066x\\u2069"),
        ("\u{200E}\u{200F}\u{061C}\u{202A}", "\\u200E\\u200F\\u061C\\u202A"),
        ("a\u{2028}b", "a\\u2028b"),
        ("tab\there", "tab here"),
    ])
    func controlsAreShownVisibly(_ input: String, _ shown: String) {
        #expect(SafeText.line(input) == shown)
        #expect(SafeText.line(shown) == shown) // visible forms are plain text: never escaped twice
        #expect(SafeText.isClean(shown))
        #expect(!SafeText.isClean(input))
    }

    @Test func normalTextPassesUnchanged() {
        for s in ["Acme renewal", "Société Générale", "東京テクノ", "🚀 launch", "👩‍💻 dev", "e\u{301}", "Zürich £5 ¥ ° «»", "مرحبا", "Ac\u{200B}me", "a ^[ b \\u202E"] {
            #expect(SafeText.line(s) == s, "\(s)")
            #expect(SafeText.lines(s) == s, "\(s)")
            #expect(SafeText.isClean(s))
        }
    }

    @Test func asciiOutputsShowLineBreaksAsBackslashN() {
        #expect(SafeText.line("a\nb", ascii: true) == "a\\nb")
        #expect(SafeText.line("a\r\nb\u{1B}", ascii: true) == "a\\nb^[")
    }

    @Test func messagesKeepTheirOwnLines() {
        #expect(SafeText.lines("first\nsecond\r\n\tthird\u{1B}[2J\r") == "first\nsecond\r\n\tthird^[[2J^M")
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+1 555", "'+1 555"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "' =1"), ("\r=1", "'^M=1"), ("  =1", "'  =1"), ("=HYPERLINK(\"x\")\n", "'=HYPERLINK(\"x\")⏎"),
        ("-5", "-5"), ("12000", "12000"), ("-1250.50", "-1250.50"), ("0.5", "0.5"), ("-", "'-"), ("-5-", "'-5-"), ("1.2.3", "1.2.3"),
        ("Acme", "Acme"), ("", ""), ("a=b", "a=b"), ("x\u{1B}[2J", "x^[[2J"),
    ])
    func csvCellsAreGuarded(_ input: String, _ cell: String) {
        #expect(SafeText.csvCell(input) == cell)
    }

    @Test func markdownIsInert() {
        #expect(SafeText.markdown("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(SafeText.markdown("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))")
        #expect(SafeText.markdown("![](http://e/x.png)") == "!\\[\\](http://e/x.png)")
        #expect(SafeText.markdown("<http://evil>") == "&lt;http://evil&gt;")
        #expect(SafeText.markdown("a|b **c** `d` ~e~ f_g h\\i & j") == "a\\|b \\*\\*c\\*\\* \\`d\\` \\~e\\~ f\\_g h\\\\i &amp; j")
        #expect(SafeText.markdown("x\u{1B}[2J\ny\u{202E}") == "x^\\[\\[2J⏎y\\\\u202E")
        #expect(SafeText.markdown("Acme — 東京 🚀") == "Acme — 東京 🚀")
    }
}

@Suite struct SafeTextScanTests {
    /// The byte scan agrees with the scalar rule for every scalar near the unsafe ones.
    @Test func byteScanMatchesTheScalarRule() {
        let ranges: [ClosedRange<UInt32>] = [0...0x3FF, 0x600...0x6FF, 0x2000...0x20FF, 0xFE00...0xFFFD, 0x1F600...0x1F64F]
        for r in ranges {
            for v in r {
                guard let u = Unicode.Scalar(v) else { continue }
                let s = "a" + String(Character(u)) + "—→b"
                #expect(SafeText.isClean(s) == !SafeText.isUnsafe(v), "U+\(String(v, radix: 16))")
                #expect(SafeText.mayNeedWork(s) == SafeText.isUnsafe(v), "U+\(String(v, radix: 16))")
            }
        }
    }
}
