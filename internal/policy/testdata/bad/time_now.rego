# METADATA
# title: Clock
# custom:
#   id: X004
#   severity: error
package subpolicy.rules.clock

deny contains "late" if {
	time.now_ns() > 0
}
