# METADATA
# title: Dup B
# custom:
#   id: X007
#   severity: warning
package subpolicy.rules.dup_b

warn contains "b"
