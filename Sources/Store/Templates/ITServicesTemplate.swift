extension PipelineTemplates {
    /// Prospecting → Qualification → Initial Contact → Demo/Meeting → Proposal → Negotiation, then Closed Won / Closed Lost.
    static let itServices = #"""
# dealboard pipeline: IT services sales (template "it-services")
# Each stage is defined by something the buyer did; each open stage has exit criteria that
# must hold before a deal may leave it. Edit freely; `dealboard check` validates this file.

name = "IT services sales"
currency = "USD"               # ISO 4217 code: every amount is in it, never converted
number_style = "1,234.56"      # how amounts are typed and shown: "1,234.56", "1.234,56" or "1 234,56"
stale_after_days = 14          # no activity for this long: "stale" badge
dormant_after_days = 45        # this long without activity: must be re-qualified (BANT again)
stalled_negotiation_days = 30  # in Negotiation longer, without next step + owner: "stalled"
back_move_needs_reason = true
requalify_checklist = "bant"
win_rate_from = "proposal"
managers = []                  # OS user names who may force a refused move
loss_reasons = ["Price", "Lost to competitor", "Stayed with current provider", "Kept in-house", "No budget", "No decision", "Timing", "Scope mismatch", "Went silent"]

[quota]
amount = 360000
period = "quarter"             # month | quarter | year

[[fields]]
key = "service_type"
label = "Service needed"
type = "choice"
choices = ["Managed services", "Cloud migration", "Custom development", "Cybersecurity", "IT consulting", "Support contract"]

[[fields]]
key = "budget"
label = "Budget range"
type = "money"

[[fields]]
key = "decision_maker"
label = "Economic buyer"
type = "text"

[[fields]]
key = "timeline"
label = "Buying timeline"
type = "choice"
choices = ["This month", "This quarter", "Next quarter", "Later"]

[[fields]]
key = "it_problem"
label = "IT problem to solve"
type = "text"

[[fields]]
key = "stakeholders"
label = "IT and business stakeholders"
type = "text"

[[fields]]
key = "tech_requirements"
label = "Technical requirements documented"
type = "yesno"

[[fields]]
key = "scope_of_work"
label = "Scope of work"
type = "text"

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
label = "Scope, SLA and price agreed in writing"
type = "yesno"

[[checklists]]
key = "icp"
label = "Ideal customer profile"
items = ["Company size fits", "Tech stack we support", "IT budget signal", "Access to IT decision maker", "Live IT pain point"]

[[checklists]]
key = "bant"
label = "BANT"
items = ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]

[[signals]]
key = "meeting_agreed"
label = "Buyer agreed to a demo or technical meeting"

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

[[stages.exit]]
kind = "field"
field = "service_type"
label = "Service needed identified"

[[stages]]
key = "initial_contact"
name = "Initial Contact"
probability = 20
target_days = 10

[[stages.exit]]
kind = "activity"
activity = "call"
label = "Introductory call with the buyer held"

[[stages.exit]]
kind = "field"
field = "it_problem"
label = "Buyer described the IT problem to solve"

[[stages.exit]]
kind = "signal"
signal = "meeting_agreed"
label = "Buyer agreed to a demo or technical meeting"

[[stages]]
key = "demo"
name = "Demo/Meeting"
probability = 35
target_days = 14

[[stages.exit]]
kind = "activity"
activity = "meeting"
label = "Demo or technical meeting held"

[[stages.exit]]
kind = "field"
field = "stakeholders"
label = "IT and business stakeholders named"

[[stages.exit]]
kind = "field"
field = "tech_requirements"
label = "Technical requirements documented"

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
kind = "field"
field = "scope_of_work"
label = "Scope of work written into the proposal"

[[stages.exit]]
kind = "signal"
signal = "proposal_received"
label = "Buyer acknowledged receipt of the proposal"

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
label = "Scope, SLA and price agreed in writing"

[[stages.exit]]
kind = "date"
field = "close_date"
within_days = 30
label = "Signature date set within 30 days"

[[stages]]
key = "won"
name = "Closed Won"
kind = "won"
probability = 100

[[stages]]
key = "lost"
name = "Closed Lost"
kind = "lost"
probability = 0
"""#
}
