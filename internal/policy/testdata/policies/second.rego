# METADATA
# title: Uses the lib
# custom:
#   id: T002
#   severity: warning
package subpolicy.rules["second-rule"]

import data.subpolicy.lib

warn contains lib.result(sprintf("%s purpose is vague", [sp.name]), sp, "purpose") if {
	some sp in input.subprocessors
	sp.purpose in vague_purposes
}
