package subpolicy.rules.broken

deny contains msg if {
	msg := "unterminated
}
