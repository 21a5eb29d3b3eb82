# METADATA
# title: Location stated
# custom:
#   id: B001
#   severity: warning
package subpolicy.rules.location

warn contains {"msg": sprintf("%s does not say where it processes data", [sp.name]), "subprocessor": sp.name, "field": "location"} if {
	some sp in input.subprocessors
	sp.location == ""
}
