# METADATA
# title: No msg
# custom:
#   id: R005
#   severity: error
package subpolicy.rules.nomsg

deny contains {"message": "x"} if {
	input.path != ""
}
