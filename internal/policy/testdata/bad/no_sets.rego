# METADATA
# title: No sets
# custom:
#   id: X010
#   severity: error
package subpolicy.rules.no_sets

helper := 1
