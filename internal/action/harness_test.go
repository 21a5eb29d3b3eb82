package action_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The pull request of testdata/action/pull_request.opened.json.
const (
	owner    = "Codertocat"
	repo     = "Hello-World"
	prNumber = 7
	headSHA  = "4f0c1a8e3b7d9c2e6a5f1b0d8c7e3a2f9b6d4c10"
	baseSHA  = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807"
	// mergeSHA is GITHUB_SHA in a pull_request run: the test merge commit.
	mergeSHA = "0123456789abcdef0123456789abcdef01234567"
)

// now is the clock the policies see in every test.
var now = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// repoRoot is the module root, for the fixtures under testdata/action and action.yml.
const repoRoot = "../.."

// fixture reads a file of testdata/action.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "action", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// actionMetadata is the part of action.yml the tests read.
type actionMetadata struct {
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
		Required    bool    `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
	} `yaml:"outputs"`
	Runs struct {
		Using string   `yaml:"using"`
		Image string   `yaml:"image"`
		Args  []string `yaml:"args"`
	} `yaml:"runs"`
}

var (
	metadataOnce sync.Once
	metadata     actionMetadata
	metadataErr  error
)

func readMetadata(t *testing.T) actionMetadata {
	t.Helper()
	metadataOnce.Do(func() {
		var b []byte
		if b, metadataErr = os.ReadFile(filepath.Join(repoRoot, "action.yml")); metadataErr == nil {
			metadataErr = yaml.Unmarshal(b, &metadata)
		}
	})
	if metadataErr != nil {
		t.Fatal(metadataErr)
	}
	return metadata
}

// harness runs the action the way a runner does: a workspace, an event payload, the
// runner's variables and every input (action.yml's defaults unless a test sets one) in the
// environment, standard output captured, and a fake GitHub.
type harness struct {
	t         *testing.T
	srv       *githubtest.Server
	dir       string
	workspace string
	vars      map[string]string
	stdout    bytes.Buffer
	env       action.Env
	// payload is the event payload, written to GITHUB_EVENT_PATH when the action runs.
	payload map[string]any
}

// newHarness prepares a pull_request run of pull request #7 with no files yet.
func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, srv: githubtest.NewServer(t), dir: t.TempDir()}
	h.workspace = filepath.Join(h.dir, "workspace")
	if err := os.MkdirAll(h.workspace, 0o755); err != nil {
		t.Fatal(err)
	}
	h.vars = map[string]string{
		"CI":                  "true",
		"GITHUB_ACTIONS":      "true",
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   filepath.Join(h.dir, "event.json"),
		"GITHUB_WORKSPACE":    h.workspace,
		"GITHUB_REPOSITORY":   owner + "/" + repo,
		"GITHUB_SHA":          mergeSHA,
		"GITHUB_REF":          "refs/pull/7/merge",
		"GITHUB_API_URL":      h.srv.URL,
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_STEP_SUMMARY": filepath.Join(h.dir, "step_summary.md"),
		"GITHUB_OUTPUT":       filepath.Join(h.dir, "output"),
	}
	for name, in := range readMetadata(t).Inputs {
		v := ""
		if in.Default != nil {
			v = *in.Default
		}
		if v == "${{ github.token }}" {
			v = githubtest.Token
		}
		h.input(name, v)
	}
	if err := json.Unmarshal([]byte(fixture(t, "pull_request.opened.json")), &h.payload); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{h.vars["GITHUB_STEP_SUMMARY"], h.vars["GITHUB_OUTPUT"]} {
		if err := os.WriteFile(p, nil, 0o644); err != nil { // the runner creates them empty
			t.Fatal(err)
		}
	}
	h.env = action.NewEnv(h.getenv, &h.stdout)
	h.env.Now = func() time.Time { return now }
	return h
}

// getenv is the runner's environment as the action sees it.
func (h *harness) getenv(k string) string { return h.vars[k] }

// input sets an input the way the runner does: INPUT_<NAME>, upper-cased, hyphens kept.
func (h *harness) input(name, value string) {
	h.vars["INPUT_"+strings.ToUpper(strings.ReplaceAll(name, " ", "_"))] = value
}

// write puts a file in the workspace.
func (h *harness) write(path, content string) {
	h.t.Helper()
	p := filepath.Join(h.workspace, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// pullRequest seeds pull request #7 with files on the server, with the payload's SHAs
// and labels.
func (h *harness) pullRequest(files ...githubtest.File) {
	h.srv.AddPullRequest(owner, repo, githubtest.PullRequest{
		Number: prNumber, Title: "Add a subprocessor", Author: "Codertocat",
		HeadSHA: headSHA, BaseSHA: baseSHA, Labels: []string{"privacy-review"}, Files: files,
	})
}

// pull returns the payload's pull_request object, for a test to edit.
func (h *harness) pull() map[string]any { return h.payload["pull_request"].(map[string]any) }

// run writes the payload and runs the action.
func (h *harness) run() int {
	h.t.Helper()
	b, err := json.MarshalIndent(h.payload, "", "  ")
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.vars["GITHUB_EVENT_PATH"], b, 0o644); err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := action.Run(ctx, h.env)
	h.t.Logf("exit %d; job log:\n%s", code, h.stdout.String())
	return code
}

// commands returns the workflow commands of the job log whose name is one of names
// (every command when none).
func (h *harness) commands(names ...string) []string {
	var out []string
	for l := range strings.Lines(h.stdout.String()) {
		l = strings.TrimSuffix(l, "\n")
		if !strings.HasPrefix(l, "::") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(l, "::"), "::")
		name, _, _ = strings.Cut(name, " ")
		if len(names) == 0 || contains(names, name) {
			out = append(out, l)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// annotations returns the annotation commands (error, warning, notice with a file).
func (h *harness) annotations() []string {
	var out []string
	for _, c := range h.commands("error", "warning", "notice") {
		if strings.Contains(c, " file=") {
			out = append(out, c)
		}
	}
	return out
}

func (h *harness) readFile(path string) string {
	h.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func (h *harness) summary() string { return h.readFile(h.vars["GITHUB_STEP_SUMMARY"]) }

var heredoc = regexp.MustCompile(`(?s)^([A-Za-z_][A-Za-z0-9_-]*)<<(ghadelimiter_[A-Z2-7]{26})\n(.*?)\n(ghadelimiter_[A-Z2-7]{26})\n`)

// outputs parses the GITHUB_OUTPUT file the way the runner does, and checks that every
// block uses its own random delimiter.
func (h *harness) outputs() map[string]string {
	h.t.Helper()
	s := h.readFile(h.vars["GITHUB_OUTPUT"])
	out := map[string]string{}
	seen := map[string]bool{}
	for s != "" {
		m := heredoc.FindStringSubmatch(s)
		if m == nil {
			h.t.Fatalf("GITHUB_OUTPUT is not a list of name<<delimiter blocks at %q", s)
		}
		if m[2] != m[4] || seen[m[2]] {
			h.t.Fatalf("output %q: delimiters %q and %q (reused: %t)", m[1], m[2], m[4], seen[m[2]])
		}
		seen[m[2]] = true
		out[m[1]] = m[3]
		s = s[len(m[0]):]
	}
	return out
}

// checkRun returns the only check run the server holds.
func (h *harness) checkRun() githubtest.CheckRunState {
	h.t.Helper()
	runs := h.srv.CheckRuns()
	if len(runs) != 1 {
		h.t.Fatalf("the server holds %d check runs, want 1", len(runs))
	}
	return runs[0]
}

// under returns the requests whose method (any when empty) matches and whose API path
// starts with prefix.
func (h *harness) under(method, prefix string) []githubtest.Request {
	var out []githubtest.Request
	for _, r := range h.srv.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// requests returns "METHOD path?query" for every request the server received.
func (h *harness) requests() []string {
	var out []string
	for _, r := range h.srv.Requests() {
		s := r.Method + " " + r.Path
		if q := r.Query.Encode(); q != "" {
			s += "?" + q
		}
		out = append(out, s)
	}
	return out
}

// golden compares got with internal/action/testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}
