# METADATA
# title: Unused var
# custom:
#   id: X008
#   severity: error
package subpolicy.rules.unused_var

deny contains "x" if {
	n := count(input.subprocessors)
	input.path != ""
}
