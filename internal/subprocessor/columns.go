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

// headerSynonyms maps normalised header phrases to roles. A header matches a phrase when it
// equals it or starts with it followed by more words ("Data Shared with Subprocessor"), so
// longer phrases are tried first (see matchRole); "data location" must win over "data".
var headerSynonyms = []struct{ phrase, role string }{
	{"name", RoleName}, {"entity", RoleName}, {"entity name", RoleName}, {"legal entity", RoleName},
	{"subprocessor", RoleName}, {"sub processor", RoleName}, {"subprocessors", RoleName},
	{"sub processors", RoleName}, {"name of subprocessor", RoleName}, {"name of sub processor", RoleName},
	{"third party subprocessor", RoleName}, {"third party sub processor", RoleName},
	{"vendor", RoleName}, {"provider", RoleName}, {"company", RoleName}, {"processor", RoleName},
	{"service provider", RoleName}, {"third party", RoleName}, {"affiliate", RoleName},

	{"purpose", RolePurpose}, {"function", RolePurpose}, {"service", RolePurpose},
	{"services", RolePurpose}, {"service provided", RolePurpose}, {"processing activity", RolePurpose},
	{"processing activities", RolePurpose}, {"description", RolePurpose},
	{"description of processing", RolePurpose}, {"nature of processing", RolePurpose},
	{"purpose of processing", RolePurpose}, {"activity", RolePurpose},

	{"data", RoleData}, {"data shared", RoleData}, {"data categories", RoleData},
	{"categories of data", RoleData}, {"categories of personal data", RoleData},
	{"personal data", RoleData}, {"data processed", RoleData}, {"data types", RoleData},
	{"types of data", RoleData}, {"data category", RoleData}, {"customer data", RoleData},

	{"location", RoleLocation}, {"locations", RoleLocation}, {"country", RoleLocation},
	{"countries", RoleLocation}, {"region", RoleLocation}, {"regions", RoleLocation},
	{"data location", RoleLocation}, {"processing location", RoleLocation},
	{"location of processing", RoleLocation}, {"headquarters", RoleLocation},
	{"hosting location", RoleLocation}, {"corporate location", RoleLocation},
	{"entity country", RoleLocation}, {"where", RoleLocation},

	{"link", RoleLinks}, {"links", RoleLinks}, {"privacy", RoleLinks}, {"privacy policy", RoleLinks},
	{"dpa", RoleLinks}, {"website", RoleLinks}, {"resources", RoleLinks}, {"url", RoleLinks},
	{"additional safeguards", RoleLinks}, {"more information", RoleLinks}, {"details", RoleLinks},

	{"category", RoleCategory}, {"type", RoleCategory}, {"categories", RoleCategory},

	{"transfer mechanism", RoleTransfer}, {"transfer mechanisms", RoleTransfer},
	{"international transfer mechanism", RoleTransfer}, {"transfer", RoleTransfer},
	{"safeguards", RoleTransfer}, {"transfer safeguards", RoleTransfer},

	{"effective", RoleEffective}, {"effective date", RoleEffective}, {"start date", RoleEffective},
	{"date added", RoleEffective}, {"added", RoleEffective}, {"effective from", RoleEffective},
}

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

// matchRole returns the role of a header cell, or "" when it maps to none.
func matchRole(header string) string {
	h := normalizeHeader(header)
	best, bestLen := "", 0
	for _, s := range headerSynonyms {
		if len(s.phrase) <= bestLen {
			continue
		}
		if h == s.phrase || strings.HasPrefix(h, s.phrase+" ") {
			best, bestLen = s.role, len(s.phrase)
		}
	}
	return best
}

// Columns maps header cells to roles. The first column of a role wins; later columns of the
// same role, and columns of no role, are left out (they become the row's extra cells).
func Columns(header []string) map[string]int {
	cols := map[string]int{}
	for i, h := range header {
		role := matchRole(h)
		if role == "" {
			continue
		}
		if _, taken := cols[role]; !taken {
			cols[role] = i
		}
	}
	return cols
}

// IsSubprocessorTable reports whether columns describe a subprocessor table: a name column
// plus at least one of purpose, data or location. Pricing and comparison tables fail this.
func IsSubprocessorTable(cols map[string]int) bool {
	if _, ok := cols[RoleName]; !ok {
		return false
	}
	for _, r := range []string{RolePurpose, RoleData, RoleLocation} {
		if _, ok := cols[r]; ok {
			return true
		}
	}
	return false
}
