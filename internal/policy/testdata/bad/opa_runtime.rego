# METADATA
# title: Env
# custom:
#   id: X003
#   severity: error
package subpolicy.rules.env

deny contains msg if {
	msg := opa.runtime().env.GITHUB_TOKEN
}
