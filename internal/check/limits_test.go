package check

import (
	"context"
	"strings"
	"testing"
)

// A reader that found a file over the limit leaves it unread and gives its size: the file is
// an input error saying how large it is, and never a page checked as if it were empty.
func TestUnreadFileIsTooLarge(t *testing.T) {
	t.Parallel()
	files := []File{
		{Path: "huge.md", Size: 20 << 30},
		{Path: "cut.md", Content: []byte("# T\n"), Size: 100}, // under the limit, but not all read
		{Path: "ok.md", Content: []byte("# T\n"), Size: 4},
	}
	res, err := Run(context.Background(), defaultEngine(t), files, Options{Context: testContext})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"file is 20480.0 MiB, over the 10.0 MiB limit; raise the maximum file size (--max-file-size, or the action's max-file-size input) if this page is really that large",
		"file is 100 bytes, over the 10.0 MiB limit",
		"",
	}
	for i, f := range res.Files {
		got := ""
		if f.Err != nil {
			got = f.Err.Error()
		}
		if !strings.HasPrefix(got, want[i]) || (want[i] == "") != (got == "") || (got != "" && f.Document != nil) {
			t.Errorf("%s: error %q, document %v; want %q", f.Path, got, f.Document != nil, want[i])
		}
	}

	// The base version of a removed page, likewise.
	_, rv, err := Compare(context.Background(), defaultEngine(t), []Pair{{Base: &File{Path: "gone.md", Size: 20 << 30}}}, Options{Context: testContext})
	if err != nil || len(rv.BaseErrors) != 1 || !strings.Contains(rv.BaseErrors[0].Err.Error(), "file is 20480.0 MiB, over the 10.0 MiB limit") {
		t.Errorf("unread base version: %v, %+v", err, rv.BaseErrors)
	}
}
