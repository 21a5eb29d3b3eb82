# METADATA
# title: No id
# custom:
#   severity: error
package subpolicy.rules.no_id

deny contains "x"
