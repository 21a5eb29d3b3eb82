# METADATA
# title: Bad fail_closed
# custom:
#   id: X090
#   severity: error
#   fail_closed: "yes"
package subpolicy.rules.bad_fail_closed

deny contains "x"
