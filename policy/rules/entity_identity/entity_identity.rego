# METADATA
# title: Subprocessors are named as legal entities; affiliates are listed apart
# description: Names carry a legal form (Inc, LLC, Ltd, GmbH, s.r.o., GK..., from the ISO 20275 Entity Legal Forms list) so customers know the contracting entity, and affiliates are not mixed with third parties in one table. One page-level notice lists the names without a legal form.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp020
#     description: rationale and sources
# custom:
#   id: SP020
#   severity: notice
#   why:
#     notice: "naming the contracting legal entity and listing affiliates apart are good practice; a brand name (\"Twilio\") or a heading that mixes both states nothing false, and many published pages do so"
package subpolicy.rules.entity_identity

import data.subpolicy.lib

# One notice for all names without a legal form, at the first of them.
info contains lib.line_finding(first[0], msg) if {
	n := count(_without_legal_form)
	n > 0
	first := _first_without_legal_form[0]
	msg := sprintf(
		"%d %s named without a legal form (e.g. Inc, LLC, Ltd, GmbH): %s; name the contracting legal entity (e.g. \"Google LLC\" rather than \"Google Cloud\")",
		[n, _subprocessors_are(n), lib.listed([name | some [_, name] in _first_without_legal_form], n)],
	)
}

# A table whose heading mixes affiliates and third parties.
info contains lib.table_finding(t, msg) if {
	some t in input.tables
	_has_any_words(t.heading, lib.config.affiliate_words)
	_has_any_words(t.heading, lib.config.third_party_words)
	regex.match(lib.config.mixed_heading_joiner_pattern, t.heading)
	msg := sprintf(
		"table %q mixes affiliates and third-party subprocessors; list affiliates in a separate table under their own heading so customers can tell them apart",
		[t.heading],
	)
}

# The distinct names without a legal form: first those without a legal_suffixes word, then of
# these the ones without an ISO 20275 legal form either.
_without_legal_form := {name |
	some k in lib.not_matching(_words_of(_without_suffix), _iso_pattern)
	name := _without_suffix[k]
	name != ""
}

_without_suffix := [_trimmed[i] | some i in lib.not_matching_lower(_trimmed, _legal_form)]

# The rows' names, trimmed, and lines, by row index.
_trimmed := [trim_space(name) | some name in lib.names]

_lines := [sp.line | some sp in lib.rows]

# [line, name] of the first names without a legal form in page order (by their first line,
# then name): as many as the message lists, or all of them.
_first_without_legal_form := array.slice(
	sort({[line, name] |
		some name in (_without_legal_form & {n | some j in _candidate_rows; n := _trimmed[j]})
		lines := [_lines[j] | some j in _candidate_rows; _trimmed[j] == name]
		line := min(lines)
	}),
	0, _wanted,
)

_wanted := lib.config.max_listed_names if {
	is_number(lib.config.max_listed_names)
	lib.config.max_listed_names >= 1
} else := count(lib.rows)

# The rows that hold the first occurrences of the first _wanted names: when rows are in line
# order (as on any page), the first _wanted + r rows, where r is the number of rows that are
# not the first of a name without a legal form, and the rest of the last one's line; all rows
# otherwise. This saves grouping every row by name to list five.
_candidate_rows := numbers.range(0, last) if {
	_lines == sort(_lines)
	end := min([count(_lines), (_wanted + count(_lines)) - count(_without_legal_form)])
	end > 0
	line := _lines[end - 1]
	last := count([l | some l in _lines; l <= line]) - 1
} else := numbers.range(0, count(_lines) - 1)

# A name has a legal form when a legal_suffixes word, or an ISO 20275 legal form, occurs in it
# as whole words.
_legal_form := lib.words_pattern(lib.list(lib.config.legal_suffixes))

# The ISO 20275 legal forms (legal_forms, from the GLEIF code list) other than
# legal_form_exceptions (abbreviations that are also common words or codes in names: "as",
# "EU", "BI"), as whole words of a text that _words_of has reduced to its words. The list is
# long: a pattern of its words alone compiles in milliseconds (one with lib.words_pattern's
# Unicode classes between them takes a fifth of a second), and is built with a few string
# operations on the whole list rather than some per form.
#
# Chinese, Japanese and Korean write a name without spaces ("株式会社サンプル"): there, a form of
# two characters or more matches anywhere in a word.
_iso_pattern := concat("", [`(?:^| )(?:`, replace(forms, "\n", "|"), `)(?: |$)`, _cjk_alternative(forms)]) if {
	exceptions := _lines_of_words(object.get(lib.config, "legal_form_exceptions", []))
	all := _lines_of_words(object.get(lib.config, "legal_forms", []))
	kept := regex.replace(all, concat("", [`(?m)^(?:`, replace(exceptions, "\n", "|"), `)$`]), "")
	forms := trim(regex.replace(kept, `\n\n+`, "\n"), "\n")
	forms != ""
} else := `[^\s\S]`

_cjk_alternative(forms) := concat("", ["|", concat("|", cjk)]) if {
	cjk := regex.find_n(`(?m)^[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2,}$`, forms, -1)
	count(cjk) > 0
} else := ""

# The words of each text (as lib.words, without the padding), one text a line, without empty
# lines, and with "\n" for no texts.
_lines_of_words(texts) := regex.replace(
	regex.replace(regex.replace(lower(concat("\n", lib.list(texts))), `[^\p{L}\p{N}\n]+`, " "), `(?m)^ | $`, ""),
	`\n\n+`,
	"\n",
)

# _words_of is [trim_space(lib.words(t)) | some t in texts], with a regex.replace per block of
# texts rather than per text.
_words_of(texts) := [trim_space(w) |
	count(texts) > 0
	some start in numbers.range_step(0, count(texts) - 1, 128)
	block := array.slice(texts, start, start + 128)
	some w in _block_words(block)
]

_block_words(block) := lines if {
	lines := split(regex.replace(lower(concat("\n", block)), `[^\p{L}\p{N}\n]+`, " "), "\n")
	count(lines) == count(block)
} else := [lib.words(t) | some t in block]

_has_any_words(text, phrases) if regex.match(lib.words_pattern(phrases), lower(text))

_subprocessors_are(1) := "subprocessor is"

_subprocessors_are(n) := "subprocessors are" if n != 1
