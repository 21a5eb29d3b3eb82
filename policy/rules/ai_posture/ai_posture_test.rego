package subpolicy.test.ai_posture

import data.subpolicy.rules.ai_posture
import data.subpolicy.test.fixtures

_ai(line, fields) := fixtures.row(line, object.union({"purpose": "LLM inference"}, fields))

test_success_region_and_posture if {
	r := _ai(21, {
		"name": "OpenAI",
		"data": ["Prompts (not used to train models)"],
		"location": "United States", "locations": ["United States"], "countries": ["US"],
	})
	count(ai_posture.warn) == 0 with input as fixtures.doc([r])
}

test_success_posture_in_any_column if {
	purpose := _ai(21, {"name": "OpenAI", "purpose": "LLM inference; zero data retention"})
	notes := _ai(22, {"name": "Cohere", "extra": {"Notes": "Retained for 30 days, no training"}})
	cell := _ai(23, {"name": "Mistral", "cells": {"transfer": {"text": "SCCs; ZDR", "line": 23, "column": 90}}})
	count(ai_posture.warn) == 0 with input as fixtures.doc([purpose, notes, cell])
}

test_success_not_an_ai_provider if {
	r := fixtures.row(12, {"location": "Global", "locations": ["Global"], "countries": [], "unresolved_locations": ["Global"]})
	count(ai_posture.warn) == 0 with input as fixtures.doc([r])
}

test_success_eu_or_a_city if {
	eu := _ai(21, {
		"name": "Azure OpenAI", "purpose": "LLM inference (no training)",
		"location": "EU", "locations": ["EU"], "countries": [], "unresolved_locations": ["EU"],
		"regions": [{"text": "EU", "region": "eu"}], "cities": [],
	})
	city := _ai(22, {
		"name": "Mistral", "purpose": "LLM inference (no training)",
		"location": "Paris", "locations": ["Paris"], "countries": [], "unresolved_locations": ["Paris"],
		"regions": [], "cities": [{"text": "Paris", "country": "FR"}],
	})
	count(ai_posture.warn) == 0 with input as fixtures.doc([eu, city])
}

test_success_empty_location_is_sp002s if {
	r := _ai(21, {"name": "OpenAI", "purpose": "LLM inference, no training", "location": "", "locations": [], "countries": []})
	count(ai_posture.warn) == 0 with input as fixtures.doc([r])
}

test_fail_no_posture if {
	r := _ai(21, {"name": "OpenAI"})
	ai_posture.warn == {{
		"msg": `AI provider "OpenAI" does not say whether customer data is used for model training or how long it is retained; add e.g. "no training on customer data; 30-day retention" to its purpose or a Notes column`,
		"subprocessor": "OpenAI", "name_key": "openai", "line": 21, "column": 3,
	}} with input as fixtures.doc([r])
}

test_fail_vague_region if {
	r := _ai(21, {
		"name": "OpenAI", "purpose": "LLM inference (no training)",
		"location": "Global", "locations": ["Global"], "countries": [], "unresolved_locations": ["Global"],
		"regions": [{"text": "Global", "region": "world"}], "cities": [],
	})
	ai_posture.warn == {{
		"msg": `AI provider "OpenAI" names no country where the model processes data (location "Global"); list the processing region's countries, e.g. "United States"`,
		"subprocessor": "OpenAI", "name_key": "openai", "field": "location", "line": 21, "column": 60,
	}} with input as fixtures.doc([r])
}

# A posture stated in another language counts; "ai" as an Italian word makes no AI provider.
test_success_posture_in_other_languages if {
	r := fixtures.row(12, {"name": "OpenAI", "category": "AI", "purpose": "Samenvattingen; geen training op klantgegevens, bewaartermijn 30 dagen"})
	count(ai_posture.warn) == 0 with input as fixtures.doc([r])
	e := fixtures.row(12, {"name": "Mailer Srl", "category": "Invio email ai clienti", "purpose": "Email transazionali"})
	count(ai_posture.warn) == 0 with input as fixtures.doc([e])
}

_with_prose(rows, texts) := object.union(fixtures.doc(rows), {"prose": [{"text": t, "line": 40 + i} | some i, t in texts]})

# A posture the page states outside the table, for the provider by name or for its AI
# providers at once, answers for the row.
test_success_posture_stated_on_the_page if {
	r := _ai(21, {"name": "Anthropic, PBC", "name_key": "anthropic"})
	count(ai_posture.warn) == 0 with input as _with_prose([r], ["Anthropic: zero data retention; prompts are never used for training."])
	count(ai_posture.warn) == 0 with input as _with_prose([r], ["None of our AI subprocessors may use customer data for model training (no training)."])
	count(ai_posture.warn) == 0 with input as _with_prose([r], ["Unsere KI-Anbieter: keine Speicherdauer über 30 Tage, Large Language Models ohne Training."])
}

test_fail_posture_stated_for_another_provider if {
	r := _ai(21, {"name": "OpenAI"})
	count(ai_posture.warn) == 1 with input as _with_prose([r], ["Anthropic: zero data retention; no training."])

	# The Italian word "ai" is no statement about AI providers.
	count(ai_posture.warn) == 1 with input as _with_prose([r], ["Inviamo i dati ai clienti; conservazione per 30 giorni."])

	# Naming AI without a posture says nothing of training or retention.
	count(ai_posture.warn) == 1 with input as _with_prose([r], ["We use AI providers to summarise calls."])
}
