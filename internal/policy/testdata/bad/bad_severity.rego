# METADATA
# title: Bad severity
# custom:
#   id: X006
#   severity: fatal
package subpolicy.rules.bad_severity

deny contains "x"
