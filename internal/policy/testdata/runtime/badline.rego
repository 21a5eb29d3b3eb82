# METADATA
# title: Bad line
# custom:
#   id: R006
#   severity: error
package subpolicy.rules.badline

deny contains {"msg": "x", "line": "three"} if {
	input.path != ""
}
