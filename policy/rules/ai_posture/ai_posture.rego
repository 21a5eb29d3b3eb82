# METADATA
# title: AI providers state their processing region and training/retention posture
# description: Every AI provider row names at least one country where the model processes data (not only "Global") and says whether customer data is used for training and how long it is retained.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp004
#     description: rationale and sources
# custom:
#   id: SP004
#   severity: warning
package subpolicy.rules.ai_posture

import data.subpolicy.lib

# No country: the location is filled (SP002 reports an empty one) but resolves to none.
warn contains lib.cell_finding(sp, "location", msg) if {
	some i in lib.ai_providers
	sp := lib.rows[i]
	not lib.is_empty_value(sp.location)
	count(lib.items(sp, "countries")) == 0
	msg := sprintf(
		"AI provider %s names no country where the model processes data (location %q); list the processing region's countries, e.g. \"United States\"",
		[lib.subject(sp), sp.location],
	)
}

# No training or retention statement anywhere on the row.
warn contains lib.row_finding(sp, msg) if {
	some i in lib.ai_providers
	sp := lib.rows[i]
	not _states_posture(sp)
	msg := sprintf(
		"AI provider %s does not say whether customer data is used for model training or how long it is retained; add e.g. \"no training on customer data; 30-day retention\" to its purpose or a Notes column",
		[lib.subject(sp)],
	)
}

_states_posture(sp) if {
	some text in _texts(sp)
	regex.match(lib.config.ai_posture_pattern, text)
}

# The row's texts: purpose, data items, every cell (notes, links...) and unrecognised columns.
_texts(sp) := array.concat(
	array.concat([object.get(sp, "purpose", "")], lib.items(sp, "data")),
	array.concat(
		[c.text | some c in object.get(sp, "cells", {})],
		[v | some v in object.get(sp, "extra", {})],
	),
)
