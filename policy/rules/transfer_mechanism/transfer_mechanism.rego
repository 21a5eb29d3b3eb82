# METADATA
# title: Transfers outside the allowed countries name a mechanism
# description: When transfers.allowed lists the countries data may go to without a safeguard, every row processing data in another country names a recognised transfer mechanism (SCCs, BCRs, DPF, IDTA, UK Addendum, adequacy). Inactive while transfers.allowed is null.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp007
#     description: rationale and sources
# custom:
#   id: SP007
#   severity: error
#   why:
#     error: "a transfer outside the allowed countries without a mechanism is unlawful under GDPR Chapter V once configured as required (transfers.allowed); the rule says nothing until it is"
package subpolicy.rules.transfer_mechanism

import data.subpolicy.lib

# Outside the allowed countries with no mechanism at all.
deny contains lib.cell_finding(sp, _field(sp), msg) if {
	some [sp, outside] in _outside_rows
	count(_filled_transfers(sp)) == 0
	msg := sprintf(
		"%s processes data in %s, outside the allowed countries, but names no transfer mechanism; add one (e.g. \"EU SCCs (Module 3)\") in a Transfer mechanism column",
		[lib.subject(sp), concat(", ", sort(outside))],
	)
}

# Outside the allowed countries with only mechanisms that are not recognised.
deny contains lib.cell_finding(sp, _field(sp), msg) if {
	some [sp, outside] in _outside_rows
	transfers := _filled_transfers(sp)
	count(transfers) > 0
	not _names_a_mechanism(sp)
	msg := sprintf(
		"%s processes data in %s, outside the allowed countries, but its transfer mechanism %s is not one recognised (%s); name the safeguard, e.g. \"EU SCCs (Module 3)\"",
		[lib.subject(sp), concat(", ", sort(outside)), lib.quoted_list(transfers), concat(", ", _known)],
	)
}

_allowed := {upper(c) | some c in lib.config.transfers.allowed} if is_array(lib.config.transfers.allowed)

# [row, its countries outside the allowed set] for the rows with some, when the rule is active
# (otherwise _allowed is undefined and no row is looked at).
_outside_rows := [[lib.rows[i], outside] |
	allowed := _allowed
	some content in lib.distinct_contents
	outside := {upper(c) |
		some c in object.get(content, "countries", [])
		not upper(c) in allowed
	}
	count(outside) > 0
	some i in lib.rows_by_content[content]
]

_filled_transfers(sp) := [t | some t in object.get(sp, "transfer", []); not lib.is_empty_value(t)]

# Some transfer text names a mechanism recognised by an alias of transfers.mechanisms.
_names_a_mechanism(sp) if {
	some t in object.get(sp, "transfer", [])
	regex.match(_mechanism_pattern, lower(t))
}

_mechanism_pattern := lib.words_pattern(object.keys(lib.config.transfers.mechanisms))

_known := sort({m | some m in lib.config.transfers.mechanisms})

_field(sp) := "transfer" if lib.has_cell(sp, "transfer")

else := "location"
