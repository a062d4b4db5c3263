import Foundation

/// A currency of ISO 4217: its code, how many decimals ("minor units") its amounts have, and the
/// symbol people read it by, if one belongs to it alone.
public struct Currency: Hashable, Sendable {
    public let code: String
    /// 2 for USD and EUR (cents), 0 for JPY, 3 for KWD, 4 for CLF.
    public let minorDigits: Int
    /// `$`, `€`, `£`…; nil shows the code (`CHF 5,000`).
    public let symbol: String?

    /// The currency with this code (any case), or nil when ISO 4217 has no such active currency.
    public static func iso(_ code: String) -> Currency? {
        let upper = code.uppercased()
        guard let digits = minorDigitsByCode[upper] else { return nil }
        return Currency(code: upper, minorDigits: digits, symbol: symbolByCode[upper])
    }

    public static let usd = Currency(code: "USD", minorDigits: 2, symbol: "$")

    /// How amounts show the currency: the symbol glued to the number (`€45,000`), or the code
    /// and a space (`CHF 45,000`).
    public var mark: String { symbol ?? code + " " }

    /// Symbols by currency. One currency each, so a symbol in typed text names one currency.
    static let symbolByCode: [String: String] = [
        "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "ILS": "₪", "NGN": "₦",
        "TRY": "₺", "UAH": "₴", "VND": "₫", "PHP": "₱", "RUB": "₽", "KZT": "₸", "GHS": "₵", "PYG": "₲",
        "MNT": "₮", "LAK": "₭", "GEL": "₾", "AZN": "₼", "CRC": "₡", "BDT": "৳",
    ]
    /// Whether a character is a currency sign (Unicode category Sc: `$ € £ ¥ ₹ ¢`…). In typed
    /// text a sign other than the board's own is refused, never taken for the board's currency
    /// (`$` is the sign of many dollars, `¥` of the yen and the yuan).
    static func isSign(_ c: Character) -> Bool {
        c.unicodeScalars.count == 1 && c.unicodeScalars.first!.properties.generalCategory == .currencySymbol
    }

    /// The active codes of ISO 4217 (list of 2024) with their minor units. Funds codes that
    /// trade as money are included (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW); precious
    /// metals, SDR and test codes (XAU, XDR, XTS…) are not: they have no minor units and no deals.
    static let minorDigitsByCode: [String: Int] = {
        var table: [String: Int] = [:]
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        let four = "CLF UYW"
        let two = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
            CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
            GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL
            MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK
            PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
            TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
            """
        for (codes, digits) in [(zero, 0), (two, 2), (three, 3), (four, 4)] {
            for code in codes.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table[String(code)] = digits }
        }
        return table
    }()
}
