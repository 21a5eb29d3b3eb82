package subpolicy.test.lib

import data.subpolicy.lib
import data.subpolicy.test.fixtures

# ---- findings ----

test_page_finding if {
	lib.page_finding("no table") == {"msg": "no table"}
}

test_line_finding if {
	lib.line_finding(3, "old") == {"msg": "old", "line": 3}
}

test_table_finding if {
	lib.table_finding(fixtures.table, "m") == {"msg": "m", "line": 10, "column": 1}
}

test_table_finding_without_column if {
	lib.table_finding({"line": 7}, "m") == {"msg": "m", "line": 7}
}

test_row_finding if {
	lib.row_finding(fixtures.row(12, {}), "m") == {"msg": "m", "line": 12, "column": 3, "subprocessor": "Acme GmbH", "name_key": "acme"}
}

test_row_finding_without_name if {
	lib.row_finding(fixtures.row(12, {"name": ""}), "m") == {"msg": "m", "line": 12, "column": 3}
}

test_cell_finding if {
	lib.cell_finding(fixtures.row(12, {}), "data", "m") == {
		"msg": "m", "line": 12, "column": 40, "field": "data",
		"subprocessor": "Acme GmbH", "name_key": "acme",
	}
}

test_cell_finding_without_cell_falls_back_to_the_row if {
	lib.cell_finding(fixtures.row(12, {}), "transfer", "m") == {
		"msg": "m", "line": 12, "column": 3, "field": "transfer",
		"subprocessor": "Acme GmbH", "name_key": "acme",
	}
}

# A row of the input (it has an index) leaves its name and position to subpolicy.
test_row_finding_of_an_input_row if {
	a := object.union(fixtures.row(12, {}), {"index": 0})
	b := object.union(fixtures.row(13, {"name": "Beta GmbH"}), {"index": 1})
	lib.row_finding(b, "m") == {"msg": "m", "row": 1} with input as fixtures.doc([a, b])
	lib.cell_finding(a, "data", "m") == {"msg": "m", "row": 0, "field": "data"} with input as fixtures.doc([a, b])
}

# A base row's index is into the base's rows: its finding is spelled out from the row itself.
test_row_finding_of_a_base_row if {
	head := object.union(fixtures.row(12, {}), {"index": 0})
	base := object.union(fixtures.row(30, {"name": "Gone Ltd"}), {"index": 0})
	lib.row_finding(base, "m") == {"msg": "m", "line": 30, "column": 3, "subprocessor": "Gone Ltd", "name_key": "gone ltd"} with input as fixtures.doc([head])
}

test_subject if {
	lib.subject(fixtures.row(12, {})) == `"Acme GmbH"`
	lib.subject(fixtures.row(12, {"name": " "})) == "the row on line 12"
}

test_quoted_list if {
	lib.quoted_list(["a", "b \"c\""]) == `"a", "b \"c\""`
	lib.quoted_list([]) == ""
}

test_and_list if {
	lib.and_list(["a"]) == "a"
	lib.and_list(["a", "b"]) == "a and b"
	lib.and_list(["a", "b", "c"]) == "a, b and c"
	not lib.and_list([])
}

# A removed row goes to the table it was in, else the Updated line, else the page.
test_removed_row_finding if {
	lib.removed_row_finding({"table": 0}, "m") == {"msg": "m", "line": 10, "column": 1} with input as fixtures.clean
	lib.removed_row_finding({"table": 1}, "m") == {"msg": "m", "line": 3} with input as fixtures.clean
	lib.removed_row_finding({"table": 0}, "m") == {"msg": "m"} with input as {"tables": null}
}

test_list_and_items if {
	lib.list([1]) == [1]
	lib.list(null) == []
	lib.items({"a": ["x"], "b": null}, "a") == ["x"]
	lib.items({"a": ["x"], "b": null}, "b") == []
	lib.items({"a": ["x"], "b": null}, "c") == []
}

# ---- tables and cells ----

test_table_of if {
	lib.table_of(fixtures.row(12, {})) == fixtures.table with input as fixtures.clean
}

test_has_cell if {
	r := fixtures.row(12, {})
	lib.has_cell(r, "data")
	not lib.has_cell(r, "transfer")
}

test_cell_text if {
	r := fixtures.row(12, {})
	lib.cell_text(r, "purpose") == "Sends transactional email notifications"
	lib.cell_text(r, "transfer") == ""
	lib.cell_text({}, "purpose") == ""
}

# ---- text ----

test_is_blank if {
	lib.is_blank("")
	lib.is_blank(" \n\t")
	not lib.is_blank(" x ")
}

test_is_placeholder if {
	every p in ["-", "—", "N/A", "n/a", " TBD ", "?", "..."] {
		lib.is_placeholder(p)
	}
	not lib.is_placeholder("")
	not lib.is_placeholder("Germany")
}

test_is_empty_value if {
	lib.is_empty_value("")
	lib.is_empty_value("TBD")
	not lib.is_empty_value("Germany")
}

test_words if {
	lib.words("AI/ML Services, Inc.") == " ai ml services inc "
	lib.words("") == "  "
}

test_has_words if {
	lib.has_words("Generative AI (LLMs)", "generative ai")
	lib.has_words("Speech-to-text", "speech to text")
	not lib.has_words("Email", "ai")
	not lib.has_words("anything", "")
}

test_word_count if {
	lib.word_count("Cloud Service Provider") == 3
	lib.word_count("  Telephony ") == 1
	lib.word_count("—") == 0
}

test_normalize_term if {
	lib.normalize_term("  Customer   Data. ") == "customer data"
	lib.normalize_term("Personal data;") == "personal data"
}

# ---- data and AI providers ----

test_is_generic_data if {
	lib.is_generic_data("Customer Data")
	lib.is_generic_data("customer personal data.")
	lib.is_generic_data("All customer personal data (encrypted at rest)")
	lib.is_generic_data("Customer Data (PII redacted)")
	not lib.is_generic_data("Customer data (names, emails)")
	not lib.is_generic_data("Customer data (e.g. names)")
	not lib.is_generic_data("Customer data (such as names)")
	not lib.is_generic_data("Call transcripts")
}

test_specific_and_filled_data if {
	r := fixtures.row(12, {"data": ["Customer Data", "-", "", "Prompts"]})
	lib.specific_data(r) == {"Prompts"}
	lib.filled_data(r) == ["Customer Data", "Prompts"]
}

test_is_ai_provider_by_category if {
	lib.is_ai_provider(fixtures.row(12, {"category": "AI Subprocessors"}))
	lib.is_ai_provider(fixtures.row(12, {"category": "Generative AI"}))
	not lib.is_ai_provider(fixtures.row(12, {"category": "Email & Mail"}))
}

test_is_ai_provider_by_vendor if {
	lib.is_ai_provider(fixtures.row(12, {"name": "OpenAI, L.L.C.", "name_key": "openai"}))
	lib.is_ai_provider(fixtures.row(12, {"name": "Google Palm 2, Gemini", "name_key": "google palm 2 gemini"}))
	not lib.is_ai_provider(fixtures.row(12, {"name": "OpenAIX", "name_key": "openaix"}))
	not lib.is_ai_provider(fixtures.row(12, {"name": "Replicated", "name_key": "replicated"}))
}

test_is_ai_provider_by_purpose if {
	every p in ["AI Service Provider", "LLM inference", "Automatic Speech Recognition", "Text to Speech", "AI-powered search"] {
		lib.is_ai_provider(fixtures.row(12, {"purpose": p}))
	}
	every p in ["Email delivery", "Maintenance", "Telephony", "HTML rendering"] {
		not lib.is_ai_provider(fixtures.row(12, {"purpose": p}))
	}
}

test_is_ai_provider_with_missing_fields if {
	not lib.is_ai_provider({})
}

# ---- locations ----

test_is_vague_location if {
	lib.is_vague_location("Global")
	lib.is_vague_location("Global edge network")
	lib.is_vague_location("EU")
	not lib.is_vague_location("Germany")
	not lib.is_vague_location("Europa Park")
}

test_location_pairs if {
	r := fixtures.row(12, {
		"locations": ["USA", "Atlantis", "Germany"],
		"countries": ["US", "DE"],
		"unresolved_locations": ["Atlantis"],
	})
	lib.location_pairs(r) == [["USA", "US"], ["Germany", "DE"]]
}

test_location_pairs_when_counts_differ if {
	r := fixtures.row(12, {"locations": ["EU (Germany, France)"], "countries": ["DE", "FR"]})
	lib.location_pairs(r) == []
}

# ---- dates ----

test_clock if {
	lib.now_ns == 1795824000000000000 with input.context.now as fixtures.now
	lib.today == "2026-11-28" with input.context.now as fixtures.now
	lib.today_ns == 1795824000000000000 with input.context.now as fixtures.now
}

test_clock_time_of_day if {
	lib.today == "2026-11-28" with input.context.now as "2026-11-28T23:00:00Z"
	lib.today_ns == 1795824000000000000 with input.context.now as "2026-11-28T23:00:00Z"
}

test_is_iso_date if {
	lib.is_iso_date("2026-11-28")
	not lib.is_iso_date("")
	not lib.is_iso_date("28 November 2026")
}

test_date_ns if {
	lib.date_ns("2026-11-28") == 1795824000000000000
	not lib.date_ns("November 28, 2026")
}

test_days_between if {
	lib.days_between(lib.date_ns("2026-11-01"), lib.date_ns("2026-11-28")) == 27
	lib.days_between(lib.date_ns("2026-11-28"), lib.date_ns("2026-11-01")) == -27
}

# ---- notice of changes ----

test_notice_sent if {
	labels := [" subprocessor-notice-sent: 2026-10-29 ", "other"]
	lib.pull_request_labels == {"subprocessor-notice-sent: 2026-10-29", "other"} with input as _pr(labels)
	lib.notice_sent with input as _pr(labels)
	not lib.notice_sent with input as _pr(["subprocessor-notice-sent:2026-10-30"])
	not lib.notice_sent with input as _pr(["subprocessor-notice-sent:soon"])
	not lib.notice_sent with input as fixtures.clean
}

test_effective_gives_notice if {
	lib.published_ns == lib.date_ns("2026-11-01") with input as fixtures.clean
	lib.earliest_effective == "2026-12-01" with input as fixtures.clean
	lib.effective_gives_notice({"effective": "2026-12-01"}) with input as fixtures.clean
	not lib.effective_gives_notice({"effective": "2026-11-30"}) with input as fixtures.clean
	not lib.effective_gives_notice({"effective": null}) with input as fixtures.clean
}

# Without an Updated date, notice is measured from today.
test_effective_gives_notice_without_updated_date if {
	d := object.remove(fixtures.clean, ["updated"])
	lib.published_ns == lib.today_ns with input as d
	lib.earliest_effective == "2026-12-28" with input as d
	not lib.effective_gives_notice({"effective": "2026-12-01"}) with input as d
}

_pr(labels) := object.union(fixtures.clean, {"context": {"pull_request": {"labels": labels}}})

# ---- document ----

test_rows_and_has_subprocessors if {
	lib.rows == [] with input as {"subprocessors": null}
	lib.rows == [fixtures.row(12, {})] with input as fixtures.clean
	lib.has_subprocessors with input as fixtures.clean
	not lib.has_subprocessors with input as fixtures.doc([])
	not lib.has_subprocessors with input as {}
}

# ---- whole-word patterns ----

test_words_pattern if {
	p := lib.words_pattern(["ai/ml", "generative ai", "-"])
	regex.match(p, lower("Generative AI (LLMs)"))
	regex.match(p, lower("AI-ML tools"))
	not regex.match(p, lower("Email"))
	not regex.match(p, lower("AIML"))
	not regex.match(lib.words_pattern([]), "")
	not regex.match(lib.words_pattern(["-"]), "-")
}

test_words_prefix_pattern if {
	p := lib.words_prefix_pattern(["openai", "google vertex"])
	regex.match(p, "openai")
	regex.match(p, "(google) vertex ai")
	not regex.match(p, "openaix")
	not regex.match(p, "my openai")
	blank := lib.words_prefix_pattern(["?"])
	regex.match(blank, "")
	regex.match(blank, "--")
	not regex.match(blank, "x")
}

test_words_suffix_pattern if {
	p := lib.words_suffix_pattern(["and", "such as"])
	regex.match(p, "names and")
	regex.match(p, "data, such as: ")
	not regex.match(p, "brand")
	not regex.match(p, "and more")
	blank := lib.words_suffix_pattern(["…"])
	regex.match(blank, "...")
	not regex.match(blank, "x")
}

# ---- matching ----

test_matching if {
	texts := [sprintf("Name %d", [i]) | some i in numbers.range(0, 299)]
	lib.matching(texts, `^Name 1\d\d$`) == {i | some i in numbers.range(100, 199)}
	lib.matching(texts, `\AName 7\z`) == {7}
	lib.matching_lower(texts, `^name 29\d$`) == {i | some i in numbers.range(290, 299)}
	lib.matching(["a\nb", "b"], `^b`) == {1}
	lib.matching(["Acme Inc", "Beta Inc"], `Inc`) == {0, 1}

	# One match per line, but the first only with the new line that joins the texts.
	lib.matching(["a Inc", "b z"], `Inc\n|z$`) == {1}

	# One match per line, but a text of two lines.
	lib.matching(["x\nInc", "Inc"], `^Inc`) == {1}
	lib.matching([], "x") == set()
}

test_not_matching if {
	texts := [sprintf("Name %d", [i]) | some i in numbers.range(0, 299)]
	lib.not_matching(texts, `^Name \d\d?$`) == {i | some i in numbers.range(100, 299)}
	lib.not_matching(texts, `\AName 7\z`) == {i | some i in numbers.range(0, 299); i != 7}
	lib.not_matching_lower(texts, `^name`) == set()
	lib.not_matching_lower(texts, `^x`) == {i | some i in numbers.range(0, 299)}
	lib.not_matching(["a Inc", "b z"], `Inc\n|z$`) == {0}
	lib.not_matching(["x\nInc", "Inc"], `^Inc`) == {0}
	lib.not_matching([], "x") == set()
}

test_any_matching if {
	lib.any_matching(["a", "b Inc"], `Inc$`)
	not lib.any_matching(["a Inc", "b"], `Inc\n`)
	not lib.any_matching([], "x")
	lib.any_matching(["x", "Inc"], `\AInc`)
	not lib.any_matching(["x Inc"], `\AInc`)
}

# ---- per-page facts ----

test_columns_and_contents if {
	a := fixtures.row(12, {})
	b := fixtures.row(13, {"name": "Beta GmbH"})
	c := object.remove(fixtures.row(14, {"purpose": "Other"}), ["name", "name_key"])
	lib.names == ["Acme GmbH", "Beta GmbH", ""] with input as fixtures.doc([a, b, c])
	lib.name_keys == ["acme", "beta", ""] with input as fixtures.doc([a, b, c])
	lib.contents[1] == object.remove(b, ["line", "name", "name_key", "cells", "links"]) with input as fixtures.doc([a, b, c])
	count(lib.distinct_contents) == 2 with input as fixtures.doc([a, b, c])
	lib.rows_by_content == {
		lib.contents[0]: [0, 1],
		lib.contents[2]: [2],
	} with input as fixtures.doc([a, b, c])
}

test_ai_providers if {
	rows := [
		fixtures.row(12, {}),
		fixtures.row(13, {"category": "Generative AI"}),
		fixtures.row(14, {"name": "OpenAI, L.L.C.", "name_key": "openai"}),
		fixtures.row(15, {"purpose": "LLM inference"}),
		fixtures.row(16, {"name": "Replicated", "name_key": "replicated"}),
	]
	lib.ai_providers == {1, 2, 3} with input as fixtures.doc(rows)
}

test_cells_to_check if {
	rows := [
		fixtures.row(12, {}),
		fixtures.row(13, {"name": "TBD", "location": " n/a "}),
		fixtures.row(14, {"name": "", "purpose": "Hosting [REGION]"}),
		object.union(fixtures.row(15, {"name": "-"}), {"cells": {"name": {"text": "Acme"}}}),
		object.remove(fixtures.row(16, {"location": ""}), ["cells"]),
	]
	lib.cells_to_check == {[1, "name"], [1, "location"], [2, "name"], [2, "purpose"]} with input as fixtures.doc(rows)
}

# A document with an index (subpolicy gives every document one) is grouped by it; the groups
# here are made up, to tell them from what the lib would compute.
test_groups_come_from_the_index if {
	d := fixtures.doc([fixtures.row(12, {}), fixtures.row(13, {"name": "Beta GmbH"})])
	idx := {
		"contents": {"contents": [{"purpose": "x"}], "rows": [[0, 1]]},
		"cells": {"name": {"texts": ["Acme GmbH"], "rows": [[0]]}},
		"links": {"links": [null], "rows": [[0, 1]]},
	}
	indexed := object.union(d, {"index": idx})
	lib.distinct_contents == {{"purpose": "x"}} with input as indexed
	lib.rows_by_content == {{"purpose": "x"}: [0, 1]} with input as indexed
	lib.cell_fields == {"name"} with input as indexed
	lib.cell_groups("name") == {"texts": ["Acme GmbH"], "rows": [[0]]} with input as indexed
	lib.cell_groups("purpose") == {"texts": [], "rows": []} with input as indexed
	lib.link_groups == idx.links with input as indexed
}

# Without an index, the lib groups the rows itself.
test_groups_without_an_index if {
	a := fixtures.row(12, {})
	b := fixtures.row(13, {"name": "Beta GmbH", "links": []})
	d := fixtures.doc([a, b, a])
	lib.cell_fields == {"name", "purpose", "data", "location", "links"} with input as d
	names := lib.cell_groups("name") with input as d
	{text: names.rows[k] | some k, text in names.texts} == {"Acme GmbH": [0, 2], "Beta GmbH": [1]}
	links := lib.link_groups with input as d
	{json.marshal(l): links.rows[k] | some k, l in links.links} == {json.marshal(a.links): [0, 2], "[]": [1]}
}
