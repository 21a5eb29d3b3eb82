# METADATA
# title: Transfers outside the allowed countries name a mechanism
# description: When transfers.allowed lists the countries data may go to without a safeguard, every row processing data in another country names a recognised transfer mechanism (SCCs, BCRs, DPF, IDTA, UK Addendum, adequacy). Inactive while transfers.allowed is null.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp007
#     description: rationale and sources
# custom:
#   id: SP007
#   severity: error
package subpolicy.rules.transfer_mechanism

import data.subpolicy.lib

# Outside the allowed countries with no mechanism at all.
deny contains lib.cell_finding(sp, _field(sp), msg) if {
	some sp in lib.rows
	outside := _outside(sp)
	count(outside) > 0
	count(_filled_transfers(sp)) == 0
	msg := sprintf(
		"%s processes data in %s, outside the allowed countries, but names no transfer mechanism; add one (e.g. \"EU SCCs (Module 3)\") in a Transfer mechanism column",
		[lib.subject(sp), concat(", ", sort(outside))],
	)
}

# Outside the allowed countries with only mechanisms that are not recognised.
deny contains lib.cell_finding(sp, _field(sp), msg) if {
	some sp in lib.rows
	outside := _outside(sp)
	count(outside) > 0
	transfers := _filled_transfers(sp)
	count(transfers) > 0
	count(_recognised(sp)) == 0
	msg := sprintf(
		"%s processes data in %s, outside the allowed countries, but its transfer mechanism %s is not one recognised (%s); name the safeguard, e.g. \"EU SCCs (Module 3)\"",
		[lib.subject(sp), concat(", ", sort(outside)), lib.quoted_list(transfers), concat(", ", _known)],
	)
}

_allowed := {upper(c) | some c in lib.config.transfers.allowed} if is_array(lib.config.transfers.allowed)

# The row's countries outside the allowed set, when the rule is active.
_outside(sp) := {upper(c) |
	some c in object.get(sp, "countries", [])
	not upper(c) in allowed
} if allowed := _allowed

_filled_transfers(sp) := [t | some t in object.get(sp, "transfer", []); not lib.is_empty_value(t)]

# The canonical mechanisms the row's transfer texts name.
_recognised(sp) := {canonical |
	some t in object.get(sp, "transfer", [])
	some alias, canonical in lib.config.transfers.mechanisms
	lib.has_words(t, alias)
}

_known := sort({m | some m in lib.config.transfers.mechanisms})

_field(sp) := "transfer" if lib.has_cell(sp, "transfer")

else := "location"
