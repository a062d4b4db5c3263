import Foundation

/// What the fill-in panel of a new deal adds to its form before the deal exists: fields set,
/// checks ticked and activities logged there. Kept with the form, so going back to the form and
/// on to the panel again loses none of it; written with the deal's creation, in one event.
struct NewDealExtras {
    var fields: [(key: String, value: String)] = []
    var checks: [String] = []
    var activities: [(kind: String, text: String)] = []

    var isEmpty: Bool { fields.isEmpty && checks.isEmpty && activities.isEmpty }
}
