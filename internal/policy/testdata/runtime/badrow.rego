# METADATA
# title: Bad row
# custom:
#   id: R007
#   severity: error
package subpolicy.rules.badrow

deny contains {"msg": "x", "row": count(input.subprocessors)} if {
	input.path != ""
}
