# METADATA
# title: Bad shape
# custom:
#   id: R004
#   severity: error
package subpolicy.rules.shape

deny contains 42 if {
	input.path != ""
}
