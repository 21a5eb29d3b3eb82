# METADATA
# title: Slow
# custom:
#   id: R002
#   severity: error
package subpolicy.rules.slow

deny contains "slow" if {
	count([x | some x in numbers.range(1, 100000000); x % 7 == 0]) > 0
}
