package subprocessor

import (
	"regexp"
	"strings"
	"time"
)

var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006.01.02",
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "Jan. 2, 2006",
	"2 January 2006", "2 January, 2006", "2 Jan 2006", "2 Jan. 2006", "02 January 2006",
	"Monday, January 2, 2006", "Monday, 2 January 2006",
}

// ordinal matches day ordinals ("16th") so "May 16th, 2024" parses.
var ordinal = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)

// septAbbrev is the common four-letter abbreviation Go's layouts do not know.
var septAbbrev = regexp.MustCompile(`(?i)\bsept\b`)

// ParseDate parses a date as pages write it and returns it as ISO "YYYY-MM-DD", or "" when
// it is not one of the accepted forms (ISO, "May 16, 2024", "16 May 2024", with or without
// ordinals and weekday).
func ParseDate(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".:;,()*_"))
	if s == "" || len(s) > 64 {
		return ""
	}
	s = ordinal.ReplaceAllString(s, "$1")
	s = septAbbrev.ReplaceAllString(s, "Sep")
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
		// Month names in any case: "MAY 16, 2024".
		if t, err := time.Parse(layout, titleMonth(s)); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// titleMonth capitalises words so month names in any case match Go's layouts.
func titleMonth(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if w != "" && w[0] >= 'a' && w[0] <= 'z' {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// updatedLine matches the page's "Updated <date>" line and captures the date text.
var updatedLine = regexp.MustCompile(`(?i)^\s*(?:last\s+)?(?:updated|modified|revised|reviewed|effective(?:\s+date)?|effective\s+as\s+of|date\s+of\s+last\s+update)(?:\s+(?:on|as\s+of))?\s*[:\-–—]?\s*(.*?)\s*$`)

// matchUpdated returns the date text of an "Updated <date>" line, and whether text is one.
// A block must be short to count, so a sentence that merely mentions an update is not one.
func matchUpdated(text string) (string, bool) {
	if len(text) > 120 || strings.Contains(text, "\n") {
		return "", false
	}
	m := updatedLine.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// leadingDate finds a date at the start of a change-log entry ("2026-11-28 — Added …",
// "November 28, 2026: Added …") and returns it as ISO, or "".
func leadingDate(text string) string {
	words := strings.Fields(text)
	for n := min(5, len(words)); n >= 1; n-- {
		candidate := strings.TrimRight(strings.Join(words[:n], " "), ":—–-")
		if d := ParseDate(candidate); d != "" {
			return d
		}
	}
	return ""
}
