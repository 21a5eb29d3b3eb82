# METADATA
# title: Vendors in China need counsel sign-off
# description: Any subprocessor located in China must carry a "Counsel" note.
# related_resources:
#   - ref: https://example.com/policies/china
# custom:
#   id: ACME001
#   severity: warning
package subpolicy.rules.acme_china

import data.subpolicy.lib

warn contains lib.cell_finding(sp, "location", sprintf("%q is located in China and needs counsel sign-off", [sp.name])) if {
	some sp in input.subprocessors
	"CN" in sp.countries
}
