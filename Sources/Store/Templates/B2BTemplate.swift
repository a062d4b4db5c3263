extension PipelineTemplates {
    /// Prospecting → Qualification → Discovery → Demo → Proposal → Negotiation → Closing, then Won / Lost.
    static let b2b = #"""
# dealboard pipeline: B2B sales (template "b2b")
# Each stage is defined by something the buyer did; each open stage has exit criteria that
# must hold before a deal may leave it. Edit freely; `dealboard check` validates this file.

name = "B2B sales"
currency = "USD"               # ISO 4217 code: every amount is in it, never converted
number_style = "1,234.56"      # how amounts are typed and shown: "1,234.56", "1.234,56" or "1 234,56"
stale_after_days = 14          # no activity for this long: "stale" badge
dormant_after_days = 45        # this long without activity: must be re-qualified (BANT again)
stalled_negotiation_days = 30  # in Negotiation longer, without next step + owner: "stalled"
back_move_needs_reason = true
requalify_checklist = "bant"
win_rate_from = "proposal"
managers = []                  # OS user names who may force a refused move
loss_reasons = ["Price", "Lost to competitor", "No budget", "No decision", "Timing", "Product fit", "Went silent"]

[quota]
amount = 450000
period = "quarter"             # month | quarter | year

[[fields]]
key = "budget"
label = "Budget range"
type = "money"

[[fields]]
key = "decision_maker"
label = "Economic buyer"
type = "text"

[[fields]]
key = "pain"
label = "Identified pain"
type = "text"

[[fields]]
key = "timeline"
label = "Buying timeline"
type = "choice"
choices = ["This month", "This quarter", "Next quarter", "Later"]

[[fields]]
key = "stakeholders"
label = "Key stakeholders"
type = "text"

[[fields]]
key = "segment"
label = "Segment"
type = "choice"
choices = ["SMB", "Mid-market", "Enterprise"]

[[fields]]
key = "review_by"
label = "Buyer review-by date"
type = "date"

[[fields]]
key = "outstanding_issue"
label = "Outstanding issue"
type = "text"

[[fields]]
key = "written_agreement"
label = "Scope and price agreed in writing"
type = "yesno"

[[checklists]]
key = "icp"
label = "Ideal customer profile"
items = ["Company size fits", "Tech stack fits", "Budget signal", "Decision-maker access", "Live pain point"]

[[checklists]]
key = "bant"
label = "BANT"
items = ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]

[[checklists]]
key = "meddic"
label = "MEDDIC"
items = ["Metrics quantified", "Economic buyer engaged", "Decision criteria known", "Decision process mapped", "Pain agreed with the buyer", "Champion confirmed"]

[[signals]]
key = "demo_agreed"
label = "Buyer agreed to a demo"

[[signals]]
key = "asked_pricing"
label = "Buyer asked about pricing or implementation"

[[signals]]
key = "proposal_received"
label = "Buyer acknowledged receipt of the proposal"

[[stages]]
key = "prospecting"
name = "Prospecting"
probability = 5
target_days = 5

[[stages.exit]]
kind = "checklist"
checklist = "icp"
at_least = 4
label = "Fits the ideal customer profile (4 of 5 checks)"

[[stages]]
key = "qualification"
name = "Qualification"
probability = 10
target_days = 7

[[stages.exit]]
kind = "checklist"
checklist = "bant"
at_least = 4
label = "BANT confirmed (budget, authority, need, timeline)"

[[stages.exit]]
kind = "field"
field = "budget"
label = "Budget range recorded"

[[stages.exit]]
kind = "field"
field = "decision_maker"
label = "Economic buyer named"

[[stages]]
key = "discovery"
name = "Discovery"
probability = 20
target_days = 14

[[stages.exit]]
kind = "activity"
activity = "meeting"
label = "Discovery meeting held"

[[stages.exit]]
kind = "field"
field = "pain"
label = "Fit confirmed: pain identified"

[[stages.exit]]
kind = "field"
field = "stakeholders"
label = "All key stakeholders named"

[[stages.exit]]
kind = "signal"
signal = "demo_agreed"

[[stages]]
key = "demo"
name = "Demo"
probability = 40
target_days = 14

[[stages.exit]]
kind = "signal"
signal = "asked_pricing"
label = "Buyer asked about pricing or implementation"

[[stages]]
key = "proposal"
name = "Proposal"
probability = 60
target_days = 21

[[stages.exit]]
kind = "signal"
signal = "proposal_received"

[[stages.exit]]
kind = "date"
field = "review_by"
label = "Buyer named a review-by date (in the future)"

[[stages]]
key = "negotiation"
name = "Negotiation"
probability = 80
target_days = 30

[[stages.exit]]
kind = "field"
field = "outstanding_issue"
label = "Outstanding issue logged"

[[stages.exit]]
kind = "field"
field = "next_step"
label = "Agreed next action logged"

[[stages.exit]]
kind = "field"
field = "next_step_owner"
label = "Next action has an owner"

[[stages.exit]]
kind = "field"
field = "written_agreement"
label = "Scope and price agreed in writing"

[[stages]]
key = "closing"
name = "Closing"
probability = 90
target_days = 10

[[stages.exit]]
kind = "checklist"
checklist = "meddic"
at_least = 5
label = "MEDDIC: at least 5 of 6 confirmed"

[[stages.exit]]
kind = "date"
field = "close_date"
within_days = 30
label = "Signature date set within 30 days"

[[stages]]
key = "won"
name = "Won / Post-Sale"
kind = "won"
probability = 100

[[stages]]
key = "lost"
name = "Lost"
kind = "lost"
probability = 0
"""#
}
