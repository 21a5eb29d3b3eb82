package subprocessor

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"* Real-time application\n* Storage of data and", []string{"Real-time application", "Storage of data and"}},
		{"*   Transcripts", []string{"Transcripts"}},
		{"- a\n- b\n\n- c", []string{"a", "b", "c"}},
		{"1. first\n2) second", []string{"first", "second"}},
		{"Prompts, support-chat transcripts, end-user names", []string{"Prompts", "support-chat transcripts", "end-user names"}},
		{"names, emails and phone numbers", []string{"names", "emails", "phone numbers"}},
		{"Names; email addresses", []string{"Names", "email addresses"}},
		{"Communications content such as cloud recordings, or in-meeting chat transcripts of customers", []string{"Communications content such as cloud recordings, or in-meeting chat transcripts of customers"}},
		{"", []string{}},
		{"  *  ", []string{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, List(tt.text)); diff != "" {
			t.Errorf("List(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestLocationsAndCountries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text      string
		places    []string
		countries []string
	}{
		{"United States", []string{"United States"}, []string{"US"}},
		{"USA, Ireland", []string{"USA", "Ireland"}, []string{"US", "IE"}},
		{"United States and Germany", []string{"United States", "Germany"}, []string{"US", "DE"}},
		{"U.S.\nUK", []string{"U.S.", "UK"}, []string{"US", "GB"}},
		{"Ireland (Dublin)", []string{"Ireland (Dublin)"}, []string{"IE"}},
		{"Global", []string{"Global"}, []string{""}},
		{"EU", []string{"EU"}, []string{""}},
		{"South Korea / Japan", []string{"South Korea", "Japan"}, []string{"KR", "JP"}},
		{"The Netherlands", []string{"The Netherlands"}, []string{"NL"}},
		{"in", []string{"in"}, []string{""}},
		{"", []string{}, nil},
	}
	for _, tt := range tests {
		places := Locations(tt.text)
		if diff := cmp.Diff(tt.places, places); diff != "" {
			t.Errorf("Locations(%q) (-want +got):\n%s", tt.text, diff)
		}
		var codes []string
		for _, p := range places {
			codes = append(codes, Country(p))
		}
		if diff := cmp.Diff(tt.countries, codes); diff != "" {
			t.Errorf("Country of %q (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestNameKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"OpenAI", "openai"},
		{"OpenAI, L.L.C.", "openai"},
		{"Anthropic PBC", "anthropic"},
		{"Amazon Web Services, Inc.", "amazon web services"},
		{"Amazon Web Services EMEA SARL", "amazon web services emea"},
		{"Sendgrid (Twilio)", "sendgrid"},
		{"Microsoft (Azure)*", "microsoft"},
		{"Google Palm 2, Gemini", "google palm 2 gemini"},
		{"Elastic N.V.", "elastic"},
		{"Inc.", "inc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NameKey(tt.name); got != tt.want {
			t.Errorf("NameKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"May 16, 2024", "2024-05-16"},
		{"May 16th, 2024", "2024-05-16"},
		{"16 May 2024", "2024-05-16"},
		{"2024-05-16", "2024-05-16"},
		{"MAY 16, 2024", "2024-05-16"},
		{"Thursday, May 16, 2024", "2024-05-16"},
		{"Sept. 3, 2024", "2024-09-03"},
		{"2024-02-30", ""},
		{"[EFFECTIVE DATE]", ""},
		{"soon", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ParseDate(tt.in); got != tt.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSingleLineJoinsAfterACommaWithASpace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"United Kingdom,\nUnited States,\nIreland":       "United Kingdom, United States, Ireland",
		"Google Cloud Services\n(GCP, Google Workspace)": "Google Cloud Services; (GCP, Google Workspace)",
		"*   Hosting\n*   Backups":                       "Hosting; Backups",
		"one line":                                       "one line",
	} {
		if got := singleLine(in); got != want {
			t.Errorf("singleLine(%q) = %q, want %q", in, got, want)
		}
	}
}
