package subpolicy.rules.basic_test

# Skipped for evaluation: loading it would fail (no METADATA).
test_page_level if {
	"page-level problem" in data.subpolicy.rules.basic.deny with input as {"subprocessors": []}
}
