# METADATA
# title: No duplicate entries
# custom:
#   id: B002
#   severity: error
package subpolicy.rules.duplicates

# The comprehension is indexed on name_key (OPA's comprehension indexing), so this is linear.
deny contains {"msg": sprintf("%s is listed more than once", [sp.name]), "subprocessor": sp.name, "line": sp.line} if {
	some sp in input.subprocessors
	key := sp.name_key
	lines := [other.line | some other in input.subprocessors; other.name_key == key]
	count(lines) > 1
	sp.line != min(lines)
}
