# METADATA
# title: AI providers list specific data categories
# description: Every AI provider row names specific categories of personal data sent to it; generic terms such as "Customer Data" do not count.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp003
#     description: rationale and sources
# custom:
#   id: SP003
#   severity: error
#   why:
#     error: "the product's headline rule: an AI provider receiving personal data without saying which is the disclosure customers most need, and reviewers block it"
package subpolicy.rules.ai_data_categories

import data.subpolicy.lib

deny contains lib.cell_finding(sp, "data", msg) if {
	some i in lib.ai_providers
	sp := lib.rows[i]
	count(lib.specific_data(sp)) == 0
	not _says_no_data(sp) # "no customer content is sent": naming data would be false
	msg := sprintf(
		"AI provider %s lists no specific data categories (found: %s); name what is sent to the model, e.g. \"prompts, chat transcripts, end-user names\"",
		[lib.subject(sp), _found(sp)],
	)
}

_found(sp) := lib.quoted_list(found) if {
	found := lib.filled_data(sp)
	count(found) > 0
}

else := "none"

# _says_no_data holds for a row whose own cells say it receives no personal data.
_says_no_data(sp) if {
	some text in array.concat([object.get(sp, "purpose", "")], array.concat(lib.items(sp, "data"), [v | some v in object.get(sp, "extra", {})]))
	regex.match(lib.config.no_data_pattern, text)
}
