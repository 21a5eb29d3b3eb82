# METADATA
# title: Unused import
# custom:
#   id: X009
#   severity: error
package subpolicy.rules.unused_import

import data.subpolicy.config

deny contains "x" if {
	input.path != ""
}
