# The least a policy pack can ask of subpolicy: one rule that reads every row once. Timing
# `subpolicy check --no-default-policies --policy scripts/floor` on a page measures what
# parsing, building the document, converting it for OPA and reporting cost before any real
# rule runs (scripts/bench-peers.sh prints it as "subpolicy check, one trivial rule").

# METADATA
# title: Every row has a location
# description: The floor benchmark's only rule; not part of the default pack.
# custom:
#   id: FLOOR1
#   severity: error
package subpolicy.rules.floor

deny contains {"msg": "no location", "row": i, "field": "location"} if {
	some i, sp in input.subprocessors
	sp.location == ""
}
