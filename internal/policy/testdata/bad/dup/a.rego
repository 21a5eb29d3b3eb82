# METADATA
# title: Dup A
# custom:
#   id: X007
#   severity: error
package subpolicy.rules.dup_a

deny contains "a"
