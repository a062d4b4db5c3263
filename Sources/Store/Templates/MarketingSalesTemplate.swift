extension PipelineTemplates {
    /// Lead lifecycle: Lead Generation → Lead Nurturing → MQL → SAL → SQL, then Closed Deal → Post-Sale (won),
    /// or Disqualified / Lost. Leads that are not ready go back to Lead Nurturing.
    static let marketingSales = #"""
# dealboard pipeline: marketing and sales lead lifecycle (template "marketing-sales")
# A lead moves from marketing (generation, nurturing, MQL) to sales (SAL, SQL) and on to a
# closed deal. Each open stage has exit criteria that must hold before a lead may leave it.
# Leads that are not ready yet go BACK to Lead Nurturing (a back move needs a reason).
# Qualification frameworks: BANT and CHAMP. Edit freely; `dealboard check` validates this file.

name = "Marketing & sales lead lifecycle"
currency = "USD"               # ISO 4217 code: every amount is in it, never converted
number_style = "1,234.56"      # how amounts are typed and shown: "1,234.56", "1.234,56" or "1 234,56"
stale_after_days = 14          # no activity for this long: "stale" badge
dormant_after_days = 45        # this long without activity: must be re-qualified (BANT again)
stalled_negotiation_days = 30  # in a late stage longer, without next step + owner: "stalled"
back_move_needs_reason = true  # e.g. "not ready to buy yet" when sending a lead back to nurturing
requalify_checklist = "bant"
win_rate_from = "sql"
managers = []                  # OS user names who may force a refused move
loss_reasons = ["Not a fit", "No budget", "No authority", "No real need", "Bad timing", "Unresponsive", "Lost to competitor", "Price", "Duplicate or invalid lead"]

[quota]
amount = 300000
period = "quarter"             # month | quarter | year

[[fields]]
key = "lead_source"
label = "Lead source"
type = "choice"
choices = ["Website form", "Content download", "Webinar / event", "Paid ads", "Referral", "Partner", "Outbound"]

[[fields]]
key = "contact_email"
label = "Contact email"
type = "text"

[[fields]]
key = "lead_score"
label = "Lead score (0-100)"
type = "number"

[[fields]]
key = "sales_accepted"
label = "Sales accepted the lead"
type = "yesno"

[[fields]]
key = "challenge"
label = "Business challenge"
type = "text"

[[fields]]
key = "budget"
label = "Budget range"
type = "money"

[[fields]]
key = "decision_maker"
label = "Decision maker"
type = "text"

[[fields]]
key = "timeline"
label = "Buying timeline"
type = "choice"
choices = ["This month", "This quarter", "Next quarter", "Later"]

[[checklists]]
key = "bant"
label = "BANT"
items = ["Budget confirmed", "Authority identified", "Need confirmed", "Timeline agreed"]

[[checklists]]
key = "champ"
label = "CHAMP"
items = ["Challenges understood", "Authority engaged", "Money available", "Prioritization confirmed"]

[[signals]]
key = "opted_in"
label = "Lead opted in to receive marketing messages"

[[signals]]
key = "engaged"
label = "Lead engaged with content (download, webinar, pricing page)"

[[signals]]
key = "requested_proposal"
label = "Buyer asked for pricing or a proposal"

[[stages]]
key = "lead_generation"
name = "Lead Generation"
probability = 2
target_days = 7

[[stages.exit]]
kind = "field"
field = "lead_source"
label = "Lead source recorded"

[[stages.exit]]
kind = "field"
field = "contact_email"
label = "Contact email captured"

[[stages.exit]]
kind = "field"
field = "company"
label = "Company identified"

[[stages.exit]]
kind = "signal"
signal = "opted_in"
label = "Lead opted in to receive marketing messages"

[[stages]]
key = "nurturing"
name = "Lead Nurturing"
probability = 5
target_days = 30

[[stages.exit]]
kind = "signal"
signal = "engaged"
label = "Lead engaged with content (download, webinar, pricing page)"

[[stages.exit]]
kind = "min"
field = "lead_score"
min = 50
label = "Lead score at least 50 (marketing-qualified threshold)"

[[stages]]
key = "mql"
name = "Marketing Qualified Lead"
probability = 10
target_days = 3

[[stages.exit]]
kind = "activity"
activity = "email"
label = "Sales follow-up email logged"

[[stages.exit]]
kind = "field"
field = "sales_accepted"
label = "Sales reviewed and accepted the lead"

[[stages]]
key = "sal"
name = "Sales Accepted Lead"
probability = 20
target_days = 7

[[stages.exit]]
kind = "activity"
activity = "call"
label = "Discovery call held with the lead"

[[stages.exit]]
kind = "field"
field = "challenge"
label = "Business challenge identified"

[[stages.exit]]
kind = "checklist"
checklist = "bant"
at_least = 3
label = "BANT: at least 3 of 4 confirmed"

[[stages]]
key = "sql"
name = "Sales Qualified Lead"
probability = 40
target_days = 21

[[stages.exit]]
kind = "checklist"
checklist = "champ"
at_least = 3
label = "CHAMP: at least 3 of 4 confirmed"

[[stages.exit]]
kind = "field"
field = "decision_maker"
label = "Decision maker named"

[[stages.exit]]
kind = "activity"
activity = "meeting"
label = "Meeting with the buying team held"

[[stages.exit]]
kind = "signal"
signal = "requested_proposal"
label = "Buyer asked for pricing or a proposal"

[[stages.exit]]
kind = "date"
field = "close_date"
within_days = 90
label = "Expected close date set, within 90 days"

[[stages]]
key = "closed_deal"
name = "Closed Deal"
kind = "won"
probability = 100

[[stages]]
key = "post_sale"
name = "Post-Sale"
kind = "won"
probability = 100

[[stages]]
key = "disqualified"
name = "Disqualified / Lost"
kind = "lost"
probability = 0
"""#
}
