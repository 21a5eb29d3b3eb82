package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteOutputs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	if err := os.WriteFile(path, []byte("earlier<<EOF\nx\nEOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A value that holds lines looking like a delimiter and another output.
	tricky := "line 1\nghadelimiter_AAAAAAAAAAAAAAAAAAAAAAAAAA\nerrors<<X\n0\nX\n_GitHubActionsFileCommandDelimeter_"
	if err := writeOutputs(path, []output{{"report", tricky}, {"errors", "3"}, {"empty", ""}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.HasPrefix(got, "earlier<<EOF\nx\nEOF\n") {
		t.Errorf("the file was not appended to:\n%s", got)
	}
	rest := strings.TrimPrefix(got, "earlier<<EOF\nx\nEOF\n")
	values := map[string]string{}
	for rest != "" {
		header, body, ok := strings.Cut(rest, "\n")
		name, delim, ok2 := strings.Cut(header, "<<")
		if !ok || !ok2 || !strings.HasPrefix(delim, "ghadelimiter_") || len(delim) != len("ghadelimiter_")+26 {
			t.Fatalf("bad block header %q", header)
		}
		// The value is every line up to the delimiter's own line.
		nl := "\n" + body
		idx := strings.Index(nl, "\n"+delim+"\n")
		if idx < 0 {
			t.Fatalf("block %q is not closed by its delimiter", name)
		}
		values[name] = ""
		if idx > 0 {
			values[name] = nl[1:idx]
		}
		rest = nl[idx+len(delim)+2:]
	}
	if values["report"] != tricky || values["errors"] != "3" || values["empty"] != "" || len(values) != 3 {
		t.Errorf("outputs read back as %q", values)
	}
}

func TestWriteOutputsRejectsBadNames(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	for _, name := range []string{"", "a b", "x<<y", "1st", "a\nb"} {
		if err := writeOutputs(path, []output{{name, "v"}}); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("a rejected output was written: %q", b)
	}
}

func TestDelimiterIsRandom(t *testing.T) {
	t.Parallel()
	a, err := delimiter("v")
	if err != nil {
		t.Fatal(err)
	}
	b, err := delimiter("v")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two delimiters are both %q", a)
	}
}
