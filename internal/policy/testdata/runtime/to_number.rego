# METADATA
# title: To number
# custom:
#   id: R001
#   severity: error
package subpolicy.rules.to_number

deny contains "big" if {
	to_number(input.title) > 10
}
