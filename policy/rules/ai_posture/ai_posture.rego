# METADATA
# title: AI providers state their processing region and training/retention posture
# description: Every AI provider row names at least one country where the model processes data, or the EU/EEA or a city (not only "Global"), and says whether customer data is used for training and how long it is retained, in its row or in the text of the page (naming it, or speaking of the AI providers at once).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp004
#     description: rationale and sources
# custom:
#   id: SP004
#   severity: warning
#   why:
#     warning: "training and retention terms are what customers ask about AI providers, but many lists state them in the DPA instead: good practice to repeat them here"
package subpolicy.rules.ai_posture

import data.subpolicy.lib

# No country: the location is filled (SP002 reports an empty one) but resolves to none.
warn contains lib.cell_finding(sp, "location", msg) if {
	some i in lib.ai_providers
	sp := lib.rows[i]
	not lib.is_empty_value(sp.location)
	count(lib.items(sp, "countries")) == 0
	not _placed(sp)
	msg := sprintf(
		"AI provider %s names no country where the model processes data (location %q); list the processing region's countries, e.g. \"United States\"",
		[lib.subject(sp), sp.location],
	)
}

# The EU or the EEA, or a place inside a country (a city, a cloud region), says where the model
# processes data as a country does (the input's regions and cities).
_placed(sp) if {
	some region in lib.items(sp, "regions")
	region.region in {"eu", "eea"}
}

_placed(sp) if count(lib.items(sp, "cities")) > 0

# No training or retention statement anywhere on the row.
warn contains lib.row_finding(sp, msg) if {
	some i in _silent
	sp := lib.rows[i]
	msg := sprintf(
		"AI provider %s does not say whether customer data is used for model training or how long it is retained; add e.g. \"no training on customer data; 30-day retention\" to its purpose or a Notes column",
		[lib.subject(sp)],
	)
}

# The AI providers whose texts (purpose, data items, unrecognised columns, every cell) say
# nothing of training or retention: what a row shares with others is read once per content.
_silent := {i |
	some c, indexes in lib.rows_by_content
	not _states_posture(_content_texts(c))
	some i in indexes
	i in lib.ai_providers
	not _states_posture([cell.text | some cell in object.get(lib.rows[i], "cells", {})])
	not _stated_on_page(lib.rows[i])
}

# The page's paragraphs and list items that state a training or retention posture, read once.
_posture_prose := [p.text |
	some p in object.get(input, "prose", [])
	regex.match(lib.config.ai_posture_pattern, p.text)
]

# A posture stated outside the table answers for the providers it names ("Anthropic: zero
# data retention, no training") ...
_stated_on_page(sp) if {
	key := object.get(sp, "name_key", "")
	count(key) > 2
	some text in _posture_prose
	contains(lower(text), key)
}

# ... and, said of AI providers at once, for all of them ("none of our AI subprocessors trains
# on customer data"), in the words the purpose of an AI provider is recognised by, but "ai" in
# lower case: an Italian and Portuguese word ("ai clienti").
_stated_on_page(_) if {
	some text in _posture_prose
	regex.match(lib.config.ai_purpose_pattern, regex.replace(text, `\bai\b`, " "))
}

_states_posture(texts) := lib.any_matching(texts, lib.config.ai_posture_pattern)

_content_texts(c) := array.concat(
	array.concat([object.get(c, "purpose", "")], lib.items(c, "data")),
	[v | some v in object.get(c, "extra", {})],
)
