# METADATA
# title: Boolean deny
# custom:
#   id: X011
#   severity: error
package subpolicy.rules.bool_deny

deny if {
	input.path != ""
}
