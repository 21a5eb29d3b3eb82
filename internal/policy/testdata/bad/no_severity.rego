# METADATA
# title: No severity
# custom:
#   id: X005
package subpolicy.rules.no_severity

deny contains "x"
