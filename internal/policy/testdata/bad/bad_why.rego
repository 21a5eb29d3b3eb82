# METADATA
# title: Bad why
# custom:
#   id: X091
#   severity: error
#   why:
#     fatal: because
package subpolicy.rules.bad_why

deny contains "x"
