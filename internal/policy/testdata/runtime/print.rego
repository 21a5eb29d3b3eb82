# METADATA
# title: Print
# custom:
#   id: R003
#   severity: notice
package subpolicy.rules.printer

info contains "printed" if {
	print("checking", input.path)
}
