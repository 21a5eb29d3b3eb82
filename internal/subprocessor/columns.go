package subprocessor

import (
	"strings"
	"unicode"
)

// The column roles a subprocessor table can have.
const (
	RoleName      = "name"
	RolePurpose   = "purpose"
	RoleData      = "data"
	RoleLocation  = "location"
	RoleLinks     = "links"
	RoleCategory  = "category"
	RoleTransfer  = "transfer"
	RoleEffective = "effective"
)

// normalizeHeader lower-cases a header, turns punctuation into spaces and collapses spaces:
// "**Data Shared with Sub-processor**" becomes "data shared with sub processor".
func normalizeHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
