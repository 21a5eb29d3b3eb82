# METADATA
# title: Pack rule
# description: Reports the configuration it sees.
# related_resources:
# - ref: https://example.com/rules/P001
# custom:
#   id: P001
#   severity: notice
package subpolicy.rules.pk

import data.subpolicy.lib

info contains sprintf("notice days %v", [lib.config.notice_days])

info contains sprintf("labels %v", [concat(",", lib.config.labels)])

info contains sprintf("nested %v", [json.marshal(lib.config.nested)])
